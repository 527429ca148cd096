// Checks a DSSE envelope's ECDSA P-256 signature in the browser against the server's published keys (JWKS), so
// "verified" does not rest on the server's word alone. Needs WebCrypto (a secure context: https or localhost).

const enc = new TextEncoder();

/** PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body, as DSSE signs it. */
function pae(type, body) {
  const t = enc.encode(type);
  const head = enc.encode(`DSSEv1 ${t.length} ${type} ${body.length} `);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const b64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));

/** Java signs in DER (SEQUENCE of two INTEGERs); WebCrypto wants r||s, each 32 bytes. */
function derToRaw(der) {
  let i = 2;
  if (der[1] & 0x80) i += der[1] & 0x7f;
  const int = () => {
    if (der[i++] !== 0x02) throw new Error('not a DER signature');
    const len = der[i++];
    let v = der.slice(i, i + len);
    i += len;
    while (v.length > 32 && v[0] === 0) v = v.slice(1);
    const out = new Uint8Array(32);
    out.set(v, 32 - v.length);
    return out;
  };
  const raw = new Uint8Array(64);
  raw.set(int());
  raw.set(int(), 32);
  return raw;
}

/** Resolves to {verified, keyId} or {verified: false, reason}; never throws. */
export async function verifyInBrowser(envelope, jwks) {
  if (!globalThis.crypto?.subtle) return {verified: false, reason: 'this page is not a secure context (no WebCrypto)'};
  try {
    const body = b64(envelope.payload);
    for (const sig of envelope.signatures ?? []) {
      const jwk = jwks.keys.find(k => k.kid === sig.keyid);
      if (!jwk) continue;
      const key = await crypto.subtle.importKey('jwk', {kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y},
        {name: 'ECDSA', namedCurve: 'P-256'}, false, ['verify']);
      const ok = await crypto.subtle.verify({name: 'ECDSA', hash: 'SHA-256'}, key, derToRaw(b64(sig.sig)),
        pae(envelope.payloadType, body));
      if (ok) return {verified: true, keyId: sig.keyid};
    }
    return {verified: false, reason: 'no signature verifies with a published key'};
  } catch (x) {
    return {verified: false, reason: x.message};
  }
}

/** The in-toto statement inside the envelope. */
export function statement(envelope) {
  return JSON.parse(new TextDecoder().decode(b64(envelope.payload)));
}
