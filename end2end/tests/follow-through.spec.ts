import { expect, test, type Page } from "@playwright/test";
import { endSession, hydrated, startSessionNow } from "./helpers";
import { pairInCircle } from "./room-helpers";

/** Records a commitment for the coachee through the room's own server functions. */
async function commitTo(page: Page, room: string, body: string): Promise<void> {
  const form = { session_id: room.split("/").pop()!, body, due_on: "" };
  const added = await page.request.post("/api/add_commitment", { form });
  expect(added.status(), await added.text()).toBeLessThan(400);
}

test("between sessions the coachee marks commitments done or dropped on Home, and the coach sees them", async ({
  browser,
}) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser);
  const room = await startSessionNow(ada, circleUrl, "Bea Coachee");
  const moved = await ada.request.post("/api/move_step", {
    form: { session_id: room.split("/").pop()!, from: "0", to: "2" },
  });
  expect(moved.status()).toBeLessThan(400);
  await commitTo(ada, room, "Delegate the weekly report");
  await commitTo(bea, room, "Ask before telling");
  await endSession(ada, room);

  // The coach sees what Bea committed to with her, and cannot settle it.
  await ada.goto("/");
  const helped = ada.getByRole("list", { name: "Commitments I helped set" });
  await expect(helped.getByRole("listitem")).toHaveCount(2);
  await expect(helped).toContainText("by Bea Coachee");
  await expect(helped.getByRole("button")).toHaveCount(0);

  // Bea marks one done with JavaScript.
  await bea.goto("/");
  await hydrated(bea);
  const mine = bea.getByRole("list", { name: "Open commitments" });
  await expect(mine.getByRole("listitem")).toHaveCount(2);
  await mine.getByRole("listitem").filter({ hasText: "Ask before telling" }).getByRole("button", { name: "Mark done" }).click();
  await expect(mine.getByRole("listitem")).toHaveCount(1);
  await expect(bea.getByText("Kept 1 of 1")).toBeVisible();

  // And drops the other without JavaScript, from a browser sharing her sign-in.
  const plain = await (
    await browser.newContext({ javaScriptEnabled: false, storageState: await bea.context().storageState() })
  ).newPage();
  await plain.goto("/");
  await plain.getByRole("list", { name: "Open commitments" }).getByRole("button", { name: "Drop" }).click();
  await expect(plain).toHaveURL(/\/$/);
  await expect(plain.getByText("Kept 1 of 2")).toBeVisible();
  await expect(plain.getByRole("list", { name: "Open commitments" })).toHaveCount(0);
  await expect(plain.getByText("Nothing open: well done.")).toBeVisible();
});

test("a commitment settled on Home shows settled in the pair's open room at once", async ({ browser }) => {
  const { ada, bea, circleUrl } = await pairInCircle(browser);
  const first = await startSessionNow(ada, circleUrl, "Bea Coachee");
  await commitTo(bea, first, "Share the roadmap early");
  await endSession(ada, first);

  // The next session opens on its follow-up step, which lists it.
  await startSessionNow(ada, circleUrl, "Bea Coachee");
  await hydrated(ada);
  const followUp = ada.getByRole("region", { name: "Commitments from earlier sessions" });
  await expect(followUp).toContainText("Share the roadmap early");
  await expect(followUp.locator(".badge")).toHaveCount(0);

  await bea.goto("/");
  await hydrated(bea);
  await bea
    .getByRole("list", { name: "Open commitments" })
    .getByRole("listitem")
    .filter({ hasText: "Share the roadmap early" })
    .getByRole("button", { name: "Mark done" })
    .click();
  await expect(bea.getByText("Kept 1 of 1")).toBeVisible();
  await expect(followUp.locator(".badge")).toHaveText("Done");
});
