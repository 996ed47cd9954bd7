// The self-generated vectors of gateway-protocol.md §9 (one throw-away key plays merchant and "ZOLOZ").
import { readFileSync } from 'node:fs';

export const VECTOR_KEY_PEM = readFileSync(new URL('./fixtures/vector-key.pem', import.meta.url), 'utf8');
export const CLIENT_ID = '2089012345678900'; // the vectors' own Client-Id: part of what they sign
export const PATH = '/api/v1/zoloz/authentication/test';
export const REQUEST_TIME = '2020-01-01T08:00:00+0800';
export const PLAIN_BODY = '{"title":"hello","description":"just for demonstration."}';
export const AES_KEY_256 = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
export const AES_KEY_128 = AES_KEY_256.subarray(0, 16);

export const V1_SIGNATURE_HEADER =
  'algorithm=RSA256, signature=Hz%2FEd00NRXiFrn4H3mrXqIf45mG7TrhnxuKX55wIoxx0T3zSOLrXSrj7BLFDnvMrqJMfc5y1ba%2FhsNrMgYBT2Lk24Ea3hXj1rQOPIM8Br884sMshH%2BJe%2BccrOvbUQg%2FOYFpDSrrfvu40WKG6LH8Urm6pFUlpHl3OFbazLeLcE145SUNocKmBsq%2Bkb16JFdcXpdXd%2FcSNurqQds%2FgiN6W%2BjeD%2BIJvd9xkCNnb1gEO0rSpDvp%2Bn30c8WLA4rWP3mFsf%2Fl4zY6F%2FDsH2gSz9pE0CLP9lXv%2F71j7%2Fd1OFdsiFE%2F1TJ9X%2B%2Ff%2BjOqXxag91hTDuTWjyGVEtL5Qk8szmASqHQ%3D%3D';

export const V2_BODY = '0uJNonVZVvYobuwHf1djtv0vuQskYx04/WO4rxrLYchVsisbsmGeFM1C3n23X3PNio6hjzOfIF+eN6H0w2ld8g==';
export const V2_SIGNATURE_HEADER =
  'algorithm=RSA256, signature=gKAbJVjSZ4pYilmHkT%2F%2FJM7gkTuNfYWuN9a3XLgf35YxMdroXU69BfVa9BAGUHpu7sC4YeWupAHcJ8SdPtvifULdNIG9AW17pvWGA14NWxf001V5fJQUun6rG0dwZTOJGMMoNLrtIfJdrvGq5CCSXkPgg%2FawZgiptTKYUonq9pJ3ePlk8ixlF5RLHg7HXLGitXsdXKUwvZMOXqLUHuzR6Ua5r6%2BIOWXPqu5fm23yvQBXAivCZHfU7mX%2Fl%2FZzcE1aq9wgEmyFfGsfiT0YrtoidID2Yy5My1a%2FSkOl%2FWdO28s7c%2FBxFS92jqw%2FmZS5RxAzuU34MTS8fmSvI4ItZGpoMA%3D%3D';
export const V2_ENCRYPT_HEADER =
  'algorithm=RSA_AES, symmetricKey=JQ2qNPdaOfVBKB%2FGmFpfgISrNmIqyRjJ8%2BpbztttNUZHYcrw2IOU0FuPTQwkM3w7UvUCMjkGhDvxpiin8OV9dQEk5%2BPJXT32QxzAXU8aL5JEEcyW3ipY8czL5479t%2FZ%2BFp%2BDVxwVU%2BHCpTnhJS4fSupLJSkKuawS2RSebHDpXuZLEWoLz725DrAk6fKJcpbHT7hl62EBohp8zS0oTPQgC9Ckm35Zg0Rrh32Yw8%2FWTSkV4X1bQP5xixGipwD07oncjWA%2FfX0WU%2BOFEOtFSm2%2BXSkaUe%2B8QSIF6%2FMWBsOBOua%2FPsuaZvDXZJD9fG1VgSNgwUkTiMoL1%2FM7LF%2FhuD9MFA%3D%3D';
export const AES128_BODY = '4zggMHnQJLeclZGNCTNvRBah/r+Rf8nDqOnszOzu6J7W/GULLp+8XNXj4lhEVnX855yhQq9OF7EmAlJ1YAOB/Q==';

export const V3_RESPONSE_TIME = '2020-01-01T08:00:01+0800';
export const V3_PLAINTEXT = '{"result":{"resultCode":"SUCCESS","resultMessage":"Success","resultStatus":"S"}}';
export const V3_BODY =
  'JA2DHhEbTA92b1vgLuxgCgGIPXyRsYzKZF8Q19RTk7DLXZvHS2oOrNzQmUgRRmV0bj1kEAPAiADZ8sqhjNJ18PjybiI2ORzLl9wtTmXiL+6fO3UEkm+L024xGOkDpM1K';
export const V3_SIGNATURE_HEADER =
  'algorithm=RSA256, signature=Xl3fFZ51%2F8YAXjGRnfa%2FVULOLs040N9B9B4i%2FM5oytozthuDeKORv%2B7%2BMs2gim50KKOduIxeZVmu99FU%2BWRxANKJA0Oo3QzoiVxxzVZbco%2BumxXq3gqe6uTg%2BkhT2CB81E83xqkidIoTggtPDRBzOcjOBG1luAUug45zKyq7K%2F0xaCeXckL%2BJRfReqc8SuTyLsEQTij%2FfDfqXj0LOGBe3YD0TEUjnT%2F6%2BQ%2FkJAjvIq5PCWDp9kfHSg0Vk7or3xwqI187ZNVgYcbUWDGM%2FOPBM4BoGw%2BfA9Cj3TEzezfsJ%2BZNOFkrcZXRfC9STKkwnzc1P0nH6%2FT5R5sJdddYRnkuTw%3D%3D';
