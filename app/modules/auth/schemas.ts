// The shapes of the account forms, shared by routes and tests.
import { z } from "zod";

export const Email = z
  .string({ required_error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "Email addresses have at most 254 characters")
  .email("Enter a valid email address");

export const Username = z
  .string({ required_error: "Choose an admin username" })
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(32, "Use at most 32 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use letters, digits, dots, dashes or underscores, starting with a letter or digit");

export const PersonName = z
  .string({ required_error: "Enter your name" })
  .trim()
  .min(1, "Enter your name")
  .max(120, "Use at most 120 characters");

export const WorkspaceName = z
  .string({ required_error: "Enter your business or workspace name" })
  .trim()
  .min(2, "Use at least 2 characters")
  .max(120, "Use at most 120 characters");

export const LoginForm = z.object({
  login: z.string().trim().min(1, "Enter your email or admin username").max(254, "That is too long"),
  password: z.string().min(1, "Enter your password").max(1000, "That is too long"),
});

export const AcceptTerms = z.literal("on", { errorMap: () => ({ message: "Accept the terms and the privacy policy to continue" }) });
