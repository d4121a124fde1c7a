import { expect } from "@playwright/test";
import { readFileSync, readdirSync } from "node:fs";
import { MAILDIR } from "../playwright.config";

/** The mails the test SMTP receiver holds for `address`, as raw text. */
export function mailsTo(address: string): string[] {
  const folder = `${MAILDIR}/new`;
  let files: string[] = [];
  try {
    files = readdirSync(folder);
  } catch {
    return []; // nothing received yet
  }
  return files
    .map((file) => readFileSync(`${folder}/${file}`, "utf8"))
    .filter((mail) => mail.includes(`To: ${address}`));
}

/** A header's value, unfolded. */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : "";
}

function decode(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** The decoded body of the mail's first part of type `mime` (the mail itself if it is not multipart). */
export function part(raw: string, mime: string): string | undefined {
  const split = (text: string) => {
    const at = text.search(/\r?\n\r?\n/);
    return { headers: text.slice(0, at), body: text.slice(at).replace(/^\r?\n\r?\n/, "") };
  };
  const top = split(raw);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(top.headers.replace(/\r?\n[ \t]+/g, " "))?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1).map(split) : [top];
  const found = parts.find((p) => new RegExp(`content-type:\\s*${mime}`, "i").test(p.headers));
  return found && decode(found.headers, found.body);
}

/** The newest mail to `address` whose subject starts with `subject`, once it has come. */
export async function mailTo(address: string, subject: string): Promise<string> {
  const find = () => mailsTo(address).find((m) => header(m, "Subject").startsWith(subject));
  await expect.poll(() => find() !== undefined, { timeout: 20_000 }).toBe(true);
  return find()!;
}
