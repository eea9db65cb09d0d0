// Command-line options shared by the emulators' standalone entry points (`npm run emulator:*`).

/** The value of `--name value` or `--name=value`, if given. */
export function argument(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index] as string;
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[index + 1];
}

/** The port from `--port`, else the environment variable, else the default; exits with a message when it is not a port. */
export function portArgument(label: string, envName: string, fallback: number): number {
  const given = argument("port") ?? process.env[envName];
  const port = Number(given ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`${label}: invalid port ${String(given)}`);
    process.exit(2);
  }
  return port;
}
