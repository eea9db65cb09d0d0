// Password hashing with argon2id at OWASP's parameters, and the one password policy used by
// signup, reset and change. The policy runs before hashing so an abusive input costs nothing.
import argon2 from "argon2";
import { z } from "zod";

const argonOptions = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const passwordMaxLength = 1000;
export const passwordMinLength = 10;

const common = new Set([
  "password", "password1", "password12", "password123", "password1234", "passw0rd", "qwerty",
  "qwertyuiop", "1234567890", "12345678910", "123456789", "iloveyou", "letmein123", "welcome123",
  "admin12345", "abc1234567", "changeme", "whatsapp123", "trustno1",
]);

export const NewPassword = z
  .string({ required_error: "Enter a password" })
  .max(passwordMaxLength, `Use at most ${passwordMaxLength} characters`)
  .min(passwordMinLength, `Use at least ${passwordMinLength} characters`)
  .refine((value) => !common.has(value.toLowerCase()), "This password is too common; choose another")
  .refine((value) => new Set(value).size >= 4, "Use more varied characters");

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, argonOptions);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (password.length > passwordMaxLength) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown account answers as slowly as a wrong password. */
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword("decoy-password-for-timing");
  await verifyPassword(await decoyHash, password.slice(0, passwordMaxLength));
  return false;
}
