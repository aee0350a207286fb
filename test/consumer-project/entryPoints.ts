/** Every public entry point of the installed packages, so that `tsc` checks all their declaration files. */
import * as signer from '@sigkit/signer';
import * as signerClient from '@sigkit/signer/client';
import * as mockServer from '@sigkit/mock-server';
import * as mockCore from '@sigkit/mock-server/core';
import * as mockExpress from '@sigkit/mock-server/express';
import * as mockNode from '@sigkit/mock-server/node';
import * as mockMsw from '@sigkit/mock-server/msw';
import * as conformance from '@sigkit/conformance';
import * as cli from '@sigkit/cli';

export const entryPoints = { signer, signerClient, mockServer, mockCore, mockExpress, mockNode, mockMsw, conformance, cli };

// A few uses through the types, so a declaration that resolves to `any` would not go unnoticed.
const signed: signer.SignedXConnectRequest = signer.signXConnectRequest({ method: 'GET', path: '/api/v1/kronos/devices', apiKey: 'k', secretKey: 's' });
export const signature: string = signed.headers['x-arrow-signature'];
export const report: Promise<conformance.ConformanceReport> = conformance.checkClient({ scheme: 'xconnect', cases: 1, sign: () => ({ method: 'GET', target: '/', headers: {} }) });
export const server: mockServer.MockServer = mockServer.createMockServer({ seed: 1 });
