import { describe, expect, it } from "vitest";
import { checksumOf, pendingMigrations, type Migration } from "./migrate";

const file = (name: string, sql: string): Migration => ({ name, sql, checksum: checksumOf(sql) });

describe("pendingMigrations", () => {
  const files = [file("0001_a.sql", "create table a ();"), file("0002_b.sql", "create table b ();")];

  it("returns the files not yet applied, in order", () => {
    expect(pendingMigrations(files, []).map((migration) => migration.name)).toEqual(["0001_a.sql", "0002_b.sql"]);
    expect(pendingMigrations(files, [{ name: "0001_a.sql", checksum: files[0]!.checksum }]).map((migration) => migration.name)).toEqual(["0002_b.sql"]);
  });

  it("refuses to run when an applied file was edited", () => {
    expect(() => pendingMigrations(files, [{ name: "0001_a.sql", checksum: checksumOf("create table a (id int);") }])).toThrow(/edited after it was applied/);
  });

  it("refuses to run when an applied file is missing", () => {
    expect(() => pendingMigrations(files, [{ name: "0000_gone.sql", checksum: "x" }])).toThrow(/file is missing/);
  });
});
