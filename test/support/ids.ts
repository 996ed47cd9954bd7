// The identifiers every test uses, once: a 16-digit Client-Id in the shape ZOLOZ issues, and the sandbox
// base URL. (Protocol test vectors keep their own Client-Id: it is part of what they sign.)
export const CLIENT_ID = '2089012345678900';
export const SANDBOX_URL = 'https://sg-sandbox-api.zoloz.com';
