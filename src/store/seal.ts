/**
 * A libsodium sealed box (crypto_box_seal: an ephemeral X25519 key, XSalsa20-Poly1305), as GitHub
 * requires for an Actions secret, sealed with the public key of the secret's scope. libsodium's own
 * code (libsodium.js, compiled from the C library) does it: loaded only when a GitHub secret is written.
 * @see https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api
 */
export async function sealedBox(value: string, publicKeyBase64: string): Promise<string> {
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) throw new Error(`the public key has ${key.length} bytes, not ${sodium.crypto_box_PUBLICKEYBYTES}`);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}
