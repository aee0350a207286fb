/** The same schemes written with crypto-js, as the KX Node guide does: the baseline sigkit must beat. */
import CryptoJS from 'crypto-js';

/** xConnect version 1 over crypto-js, canonical lines written by hand like the guide's clients. */
export function cryptoJsXConnectV1(method: string, path: string, lines: string, body: string, apiKey: string, secretKey: string, timestamp: string): string {
  const hex = (value: CryptoJS.lib.WordArray) => value.toString(CryptoJS.enc.Hex);
  const canonical = `${method}\n${path}\n${lines}${hex(CryptoJS.SHA256(body))}`;
  const toSign = `${hex(CryptoJS.SHA256(canonical))}\n${apiKey}\n${timestamp}\n1`;
  const k1 = hex(CryptoJS.HmacSHA256(secretKey, apiKey));
  const k2 = hex(CryptoJS.HmacSHA256(k1, timestamp));
  const k3 = hex(CryptoJS.HmacSHA256(k2, '1'));
  return hex(CryptoJS.HmacSHA256(toSign, k3));
}

/** KX Connect over crypto-js, as the Node guide signs: HmacSHA1(stringToSign, sessionId) in Base64. */
export function cryptoJsKx(authPath: string, username: string, body: string, date: string, sessionId: string): string {
  const stringToSign = ['POST', authPath, username, CryptoJS.MD5(body).toString(CryptoJS.enc.Hex), 'application/json', date, sessionId].join('\n');
  return CryptoJS.HmacSHA1(stringToSign, sessionId).toString(CryptoJS.enc.Base64);
}
