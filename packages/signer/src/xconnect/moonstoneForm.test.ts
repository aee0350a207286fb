import { describe, expect, it } from 'vitest';
import { readMoonstoneForm } from './moonstoneForm.js';

const FORM = 'application/x-www-form-urlencoded';
const P = '/api/v1/kronos/devices';
const b = (s: string) => Buffer.from(s, 'latin1');

// Expected parameters derived by hand from the container's form parser and Spring's form reader.
describe('readMoonstoneForm', () => {
  it('reads no form for other content types or methods', () => {
    expect(readMoonstoneForm('POST', P, 'application/json', b('a=1'))).toEqual({ method: 'POST', formParams: null });
    expect(readMoonstoneForm('GET', P, FORM, b('a=1'))).toEqual({ method: 'GET', formParams: null });
    expect(readMoonstoneForm('DELETE', P, FORM, b('a=1'))).toEqual({ method: 'DELETE', formParams: null });
    // The container compares the content type's start exactly.
    expect(readMoonstoneForm('POST', P, 'Application/X-WWW-Form-Urlencoded', b('a=1'))).toEqual({ method: 'POST', formParams: null });
  });

  it('reads a POST form with the container parser: + and %XX only where present, empty pieces are empty names', () => {
    expect(readMoonstoneForm('POST', P, FORM, b('name=Jane+Doe&caf%C3%A9=1&flag&a=1&&b=%41'))).toEqual({
      method: 'POST', formParams: [['name', 'Jane Doe'], ['café', '1'], ['flag', ''], ['a', '1'], ['', ''], ['b', 'A']],
    });
    expect(readMoonstoneForm('POST', P, FORM, b('=v'))).toEqual({ method: 'POST', formParams: [['', 'v']] });
    // The encoding filter forced UTF-8 over the declared charset.
    expect(readMoonstoneForm('POST', P, `${FORM};charset=ISO-8859-1`, b('caf%C3%A9=1')).formParams).toEqual([['café', '1']]);
  });

  it('reads a PUT or PATCH form with Spring: pieces trimmed, blank ones dropped, the declared charset honoured', () => {
    expect(readMoonstoneForm('PUT', P, `${FORM}; charset=UTF-8`, b(' a=1 && flag&name=Jane+Doe'))).toEqual({
      method: 'PUT', formParams: [['a', '1'], ['flag', ''], ['name', 'Jane Doe']],
    });
    expect(readMoonstoneForm('PATCH', P, `${FORM};charset=ISO-8859-1`, b('caf%C3%A9=1')).formParams).toEqual([['cafÃ©', '1']]);
    expect(readMoonstoneForm('PUT', P, 'APPLICATION/x-www-form-urlencoded', b('q=a%2Bb')).formParams).toEqual([['q', 'a+b']]);
    // A charset Java does not know: Spring cannot parse the content type and reads no form.
    expect(readMoonstoneForm('PATCH', P, `${FORM};charset=bogus`, b('a=1'))).toEqual({ method: 'PATCH', formParams: null });
  });

  it('takes a _method override from the query, else from a POST form', () => {
    expect(readMoonstoneForm('POST', `${P}?_method=delete`, FORM, b('a=1'))).toEqual({ method: 'DELETE', formParams: [['a', '1']] });
    expect(readMoonstoneForm('POST', P, FORM, b('_method=PUT&a=1'))).toEqual({ method: 'PUT', formParams: [['_method', 'PUT'], ['a', '1']] });
    // A PUT override from the query lets Spring read the body.
    expect(readMoonstoneForm('POST', `${P}?_method=put`, FORM, b(' a=1 '))).toEqual({ method: 'PUT', formParams: [['a', '1']] });
    expect(readMoonstoneForm('POST', `${P}?_method=patch`, 'application/json', b('{}'))).toEqual({ method: 'PATCH', formParams: null });
  });

  it('reports a form that cannot be decoded: 500 before the security layer, 401 inside the filter', () => {
    expect(readMoonstoneForm('POST', P, FORM, b('a=%zz')).failure?.status).toBe(500);
    expect(readMoonstoneForm('POST', `${P}?_method=get`, FORM, b('a=%zz')).failure?.status).toBe(401);
    expect(readMoonstoneForm('PUT', P, FORM, b('a=%')).failure?.status).toBe(500);
  });
});
