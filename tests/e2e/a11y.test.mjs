// Accessibility of every screen, against the real server in Debian's Chromium:
// axe-core (WCAG 2.0/2.1 A and AA, plus axe's best practices) on each route of
// web/src/app/router.tsx, signed out and signed in, in the light and the dark
// theme, at phone and at desktop size. Any violation fails, printed rule by rule
// with the elements it found. axe is injected by the test (page.evaluate, which
// the page's CSP does not govern); the app never ships it.
// A signed-out visit must also leave the console clean: no failed session probe.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import axe from "axe-core";
import { Client, freshAddress } from "../functional/lib/client.mjs";
import { postForm } from "../functional/lib/posts.mjs";
import { startServer } from "../functional/lib/server.mjs";
import { PASSWORD } from "./lib/accounts.mjs";
import { DESKTOP, launchBrowser, openPerson, PHONE } from "./lib/browser.mjs";

const WEB_ROOT = path.resolve(process.env.LENSLET_WEB_ROOT ?? "web/dist");
const TIMEOUT = 15_000;
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

let server;
let browser;

const suffix = Date.now().toString(36).slice(-5);
const ana = { username: `ana_${suffix}`, displayName: "Ana Lima" }; // the viewer: a private account
const cyd = { username: `cyd_${suffix}`, displayName: "Cyd Moss" }; // public, followed by ana
const ids = {};

async function expectStatus(promise, status, what) {
  const r = await promise;
  assert.equal(r.status, status, `${what}: ${r.status} ${r.text}`);
  return r.body;
}

/** A small world through the API: two people, posts with hashtags, a like, a comment, a save, a conversation. */
async function seed() {
  const clients = {};
  for (const person of [ana, cyd]) {
    const client = new Client(server.origin, { address: freshAddress() });
    await expectStatus(
      client.post("/api/v1/auth/register", {
        username: person.username,
        email: `${person.username}@example.org`,
        password: PASSWORD,
        displayName: person.displayName,
      }),
      201,
      `register ${person.username}`,
    );
    clients[person.username] = client;
  }
  const a = clients[ana.username];
  const c = clients[cyd.username];
  await expectStatus(
    a.patch("/api/v1/users/me", { isPrivate: true, bio: "Harbour walks." }),
    200,
    "ana private",
  );
  await expectStatus(
    a.post(`/api/v1/users/${cyd.username}/follow`),
    200,
    "ana follows cyd",
  );
  await expectStatus(
    c.post(`/api/v1/users/${ana.username}/follow`),
    200,
    "cyd asks to follow ana",
  );
  const cydPost = await expectStatus(
    c.request("POST", "/api/v1/posts", {
      body: postForm({
        caption: `Morning light at the #pier with @${ana.username} #harbour`,
        alt: ["A pier at dawn"],
      }),
    }),
    201,
    "cyd posts",
  );
  const anaPost = await expectStatus(
    a.request("POST", "/api/v1/posts", {
      body: postForm({ caption: "My own #pier", alt: ["Boats by a pier"] }),
    }),
    201,
    "ana posts",
  );
  await expectStatus(
    c.request("POST", "/api/v1/posts", {
      body: postForm({ caption: "Gulls, again. #harbour", alt: ["Gulls"] }),
    }),
    201,
    "cyd posts again",
  );
  ids.cydPost = cydPost.post.id;
  ids.anaPost = anaPost.post.id;
  await expectStatus(
    a.post(`/api/v1/posts/${ids.cydPost}/like`),
    200,
    "ana likes",
  );
  await expectStatus(
    a.post(`/api/v1/posts/${ids.cydPost}/comments`, { text: "Lovely #light!" }),
    201,
    "ana comments",
  );
  await expectStatus(
    c.post(`/api/v1/posts/${ids.cydPost}/comments`, {
      text: `Thanks @${ana.username}`,
    }),
    201,
    "cyd",
  );
  await expectStatus(
    a.post(`/api/v1/posts/${ids.cydPost}/save`),
    200,
    "ana saves",
  );
  // Ana signed up first: she is the instance's admin. Her report fills the moderation queue.
  await expectStatus(
    a.post("/api/v1/reports", {
      targetType: "post",
      targetId: ids.cydPost,
      reason: "spam",
      note: "Same caption on every post",
    }),
    201,
    "ana reports",
  );
  await expectStatus(
    a.post("/api/v1/admin/invites", { uses: 3, expiresInDays: 7 }),
    201,
    "an invite",
  );
  await expectStatus(
    a.put("/api/v1/users/me/hidden-words", { words: ["spoiler"] }),
    200,
    "hidden words",
  );
  const conversation = await expectStatus(
    a.post("/api/v1/conversations", { usernames: [cyd.username] }),
    201,
    "conversation",
  );
  ids.conversation = conversation.conversation.id;
  for (const [client, text] of [
    [a, "Coffee at the pier tomorrow?"],
    [c, "Yes! 9 o’clock?"],
    [a, "Deal."],
  ]) {
    await expectStatus(
      client.post(`/api/v1/conversations/${ids.conversation}/messages`, {
        text,
        clientId: crypto.randomUUID(),
      }),
      201,
      "message",
    );
  }
}

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_ROOT, "index.html")),
    `no built web app in ${WEB_ROOT}: run scripts/build.sh`,
  );
  server = await startServer({ args: ["--web-root", WEB_ROOT] });
  browser = await launchBrowser();
  await seed();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Each route of web/src/app/router.tsx a signed-in person can see, with what shows it is drawn. */
const signedInScreens = () => [
  { name: "home", path: "/", ready: (page) => page.locator("article").first() },
  {
    name: "new post",
    path: "/new",
    ready: (page) => page.getByRole("heading", { name: "New post" }),
  },
  {
    name: "post",
    path: `/p/${ids.cydPost}`,
    ready: (page) =>
      page.getByText("Lovely #light!").or(page.getByText("Lovely")).first(),
  },
  {
    name: "explore",
    path: "/explore",
    ready: (page) =>
      page.getByRole("heading", { name: "Explore", exact: true }),
  },
  {
    name: "search",
    path: `/search?q=${cyd.username}`,
    ready: (page) => page.getByRole("heading", { name: "Search" }),
  },
  {
    name: "tag",
    path: "/tags/pier",
    ready: (page) => page.getByRole("heading", { name: "#pier" }),
  },
  {
    name: "messages",
    path: "/messages",
    ready: (page) => page.getByText("Deal.").first(),
  },
  {
    name: "conversation",
    path: `/messages/${ids.conversation}`,
    ready: (page) => page.getByTestId("message").filter({ hasText: "Deal." }),
  },
  {
    name: "notifications",
    path: "/notifications",
    ready: (page) => page.getByRole("heading", { name: "Notifications" }),
  },
  {
    name: "follow requests",
    path: "/follow-requests",
    ready: (page) =>
      page.getByRole("button", { name: `Confirm ${cyd.username}` }),
  },
  {
    name: "saved",
    path: "/saved",
    ready: (page) => page.getByRole("heading", { name: "Saved" }),
  },
  {
    name: "settings",
    path: "/settings",
    ready: (page) => page.getByRole("heading", { name: "Settings" }),
  },
  {
    name: "edit profile",
    path: "/settings/profile",
    ready: (page) => page.getByRole("heading", { name: "Edit profile" }),
  },
  {
    name: "own profile",
    path: `/${ana.username}`,
    ready: (page) => page.getByText("Harbour walks."),
  },
  {
    name: "other profile",
    path: `/u/${cyd.username}`,
    ready: (page) => page.getByRole("heading", { name: cyd.username }),
  },
  {
    name: "followers",
    path: `/${cyd.username}/followers`,
    ready: (page) =>
      page.getByRole("dialog", { name: "Followers" }).getByText(ana.username),
  },
  {
    name: "moderation queue",
    path: "/moderation",
    ready: (page) => page.getByTestId("report-group").first(),
  },
  {
    name: "moderation, resolved",
    path: "/moderation?tab=resolved",
    ready: (page) => page.getByRole("heading", { name: "Nothing resolved yet" }),
  },
  {
    name: "moderation, sign-ups",
    path: "/moderation?tab=sign-ups",
    ready: (page) => page.getByRole("heading", { name: "No one is waiting" }),
  },
  {
    name: "moderation, invites",
    path: "/moderation?tab=invites",
    ready: (page) => page.getByTestId("invite").first(),
  },
  {
    name: "moderation, audit log",
    path: "/moderation?tab=audit",
    ready: (page) =>
      page
        .getByRole("list", { name: "Audit log" })
        .or(page.getByRole("heading", { name: "No actions yet" })),
  },
  {
    name: "message requests",
    path: "/messages?folder=requests",
    ready: (page) => page.getByRole("heading", { name: "No message requests" }),
  },
  {
    name: "not found",
    path: "/no/such/page",
    ready: (page) =>
      page.getByRole("heading", { name: /this page isn.t available/ }),
  },
];

/** Waits until the screen is drawn: its own sign, no spinner left, fonts and images in. */
async function settle(page, screen) {
  await screen.ready(page).waitFor({ timeout: TIMEOUT });
  await page.waitForFunction(
    () =>
      !document.querySelector(".spinner") &&
      [...document.images].every((image) => image.complete) &&
      document.fonts.status === "loaded",
    null,
    { timeout: TIMEOUT },
  );
}

/** axe on the page as it is; the violations, one readable block each. */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window)))
    await page.evaluate(axe.source);
  const found = await page.evaluate(
    (tags) =>
      window.axe
        .run(document, {
          runOnly: { type: "tag", values: tags },
          resultTypes: ["violations"],
        })
        .then((r) =>
          r.violations.map((v) => ({
            rule: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map(
              (n) =>
                `${n.target.join(" ")}\n        ${n.failureSummary.replace(/\n/g, "\n        ")}`,
            ),
          })),
        ),
    AXE_TAGS,
  );
  return found.map(
    (v) =>
      `  ${v.rule} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    - ${n}`).join("\n")}`,
  );
}

async function assertAccessible(page, label) {
  const found = await violations(page);
  assert.deepEqual(
    found,
    [],
    `axe found ${found.length} violation(s) on ${label} (${page.url()}):\n${found.join("\n")}`,
  );
}

/** The theme really applied: the page background is dark in dark mode, light in light mode. */
async function assertTheme(page, scheme) {
  const lightness = await page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body)
      .backgroundColor.match(/\d+/g)
      .map(Number);
    return (r + g + b) / 3;
  });
  if (scheme === "dark")
    assert.ok(
      lightness < 80,
      `dark theme expected, background lightness ${lightness}`,
    );
  else
    assert.ok(
      lightness > 175,
      `light theme expected, background lightness ${lightness}`,
    );
}

function assertNoProblems(person) {
  assert.deepEqual(
    person.problems,
    [],
    `console or page errors:\n${person.problems.join("\n")}`,
  );
}

for (const scheme of ["light", "dark"]) {
  for (const [size, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ]) {
    describe(
      `accessibility, ${scheme} theme, ${size}`,
      { concurrency: false },
      () => {
        let person;
        before(async () => {
          person = await openPerson(
            browser,
            server.origin,
            `${scheme}-${size}`,
            viewport,
            { colorScheme: scheme },
          );
        });
        after(async () => {
          await person?.context.close();
        });

        test("signed out: a deep link lands on the login page with a clean console, and login is accessible", async () => {
          const { page } = person;
          await page.goto("/messages");
          await page.waitForURL(/\/login\?next=/);
          await page.getByRole("button", { name: "Log in" }).waitFor();
          await settle(page, {
            ready: (p) => p.getByRole("button", { name: "Log in" }),
          });
          await assertTheme(page, scheme);
          await assertAccessible(page, "the login page");
          assert.deepEqual(
            person.failed.filter((f) => f.url.includes("/api/")),
            [],
            "a signed-out visit asks the API nothing that fails",
          );
          assertNoProblems(person);
        });

        test("signed out: the sign-up page", async () => {
          const { page } = person;
          await page.goto("/signup");
          await settle(page, {
            ready: (p) => p.getByRole("button", { name: "Sign up" }),
          });
          await assertAccessible(page, "the sign-up page");
          assertNoProblems(person);
        });

        test("signing in through the form", async () => {
          const { page } = person;
          await page.goto("/login");
          await page.getByLabel(/Username or email/i).fill(ana.username);
          await page.getByLabel("Password").fill(PASSWORD);
          await page.getByRole("button", { name: "Log in" }).click();
          await page.waitForURL((url) => url.pathname === "/", {
            timeout: TIMEOUT,
          });
          await page.locator("article").first().waitFor({ timeout: TIMEOUT });
        });

        for (const screen of signedInScreens()) {
          test(`signed in: ${screen.name}`, async () => {
            const { page } = person;
            const live = signedInScreens().find((s) => s.name === screen.name);
            await page.goto(live.path);
            await settle(page, live);
            await assertAccessible(page, `the ${screen.name} screen`);
            assertNoProblems(person);
          });
        }

        test("signed in: a profile's menu and the report dialog", async () => {
          const { page } = person;
          await page.goto(`/u/${cyd.username}`);
          await page
            .getByRole("button", { name: `More options for ${cyd.username}` })
            .click();
          await page.getByRole("menuitem", { name: "Mute" }).waitFor();
          await assertAccessible(page, "the profile menu");
          await page.getByRole("menuitem", { name: "Report" }).click();
          const dialog = page.getByRole("dialog", { name: "Report account" });
          await settle(page, { ready: () => dialog.getByRole("radio").first() });
          await assertAccessible(page, "the report dialog");
          await dialog.getByRole("button", { name: "Close" }).click();
          assertNoProblems(person);
        });

        test("signed in: the new-message dialog", async () => {
          const { page } = person;
          await page.goto("/messages");
          await page.getByRole("button", { name: "New message" }).click();
          const dialog = page.getByRole("dialog", { name: "New message" });
          await dialog.getByLabel("Search people").fill(cyd.username);
          await settle(page, {
            ready: () =>
              dialog.getByRole("button", { name: new RegExp(cyd.username) }),
          });
          await assertAccessible(page, "the new-message dialog");
          assertNoProblems(person);
        });
      },
    );
  }
}
