import { expect, test } from "@playwright/test";
import { createCircle, endSession, joinCircle, signUp, startSessionNow, uniqueEmail } from "./helpers";

test("while a session of mine is live, Home, Circles and the circle page say Join now", async ({ browser }) => {
  const host = await (await browser.newContext()).newPage();
  await signUp(host, uniqueEmail("hana"), "Hana Host");
  const circleName = `Live peers ${Date.now()}`;
  const link = await createCircle(host, circleName);
  const circleUrl = host.url().split("?")[0];
  const pablo = await (await browser.newContext()).newPage();
  await signUp(pablo, uniqueEmail("pablo"), "Pablo Peer");
  await joinCircle(pablo, link);
  await pablo.goto("/");
  await expect(pablo.getByRole("link", { name: "Join now" })).toHaveCount(0);

  // Hana starts a session now, coaching Pablo.
  const room = await startSessionNow(host, circleUrl, "Pablo Peer");

  await pablo.reload();
  const live = pablo.getByRole("region", { name: "Live now" });
  await expect(live).toContainText(`Hana Host coaches Pablo Peer · ${circleName}`);
  await expect(live.getByRole("link", { name: "Join now" })).toHaveAttribute("href", new URL(room).pathname);
  await pablo.screenshot({ path: "test-results/live-home-desktop.png", fullPage: true });
  await pablo.setViewportSize({ width: 375, height: 800 });
  await pablo.screenshot({ path: "test-results/live-home-phone.png", fullPage: true });
  await pablo.setViewportSize({ width: 1280, height: 800 });

  await pablo.getByRole("link", { name: "Circles", exact: true }).click();
  const card = pablo.getByRole("list", { name: "Your circles" }).getByRole("listitem").filter({ hasText: circleName });
  await expect(card).toContainText("A session of yours is live now");
  await expect(card).not.toContainText("No planned sessions for you");
  await expect(card.getByRole("link", { name: "Join now" })).toBeVisible();

  await pablo.goto(circleUrl);
  await expect(pablo.getByRole("region", { name: "Live now" }).getByRole("link", { name: "Join now" })).toBeVisible();
  await pablo.screenshot({ path: "test-results/live-circle-desktop.png", fullPage: true });
  await pablo.getByRole("link", { name: "Join now" }).click();
  await expect(pablo).toHaveURL(room);

  // Once it has ended, nothing calls to join.
  await endSession(host, room);
  await pablo.goto("/");
  await expect(pablo.getByRole("link", { name: "Join now" })).toHaveCount(0);
  await pablo.goto(circleUrl);
  await expect(pablo.getByRole("link", { name: "Join now" })).toHaveCount(0);
});
