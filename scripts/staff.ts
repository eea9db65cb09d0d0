// npm run staff -- <email> [--revoke]: gives (or takes away) platform staff rights to an account.
import { closePools } from "../db/pools";
import { setStaff } from "../app/modules/auth/staff.server";

const [email, flag] = process.argv.slice(2);
if (!email || (flag && flag !== "--revoke")) {
  console.error("usage: npm run staff -- <email> [--revoke]");
  process.exit(2);
}
const done = await setStaff(email, flag !== "--revoke");
console.log(done ? `${email} is ${flag ? "no longer" : "now"} staff` : `no account with the email ${email}`);
await closePools();
process.exit(done ? 0 : 1);
