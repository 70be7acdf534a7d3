// The local system's minimal form: it solves the proof-of-work like ALTCHA's classic widget
// (SHA-256 of salt + number) and posts a JSON report. Nothing is stored in the browser.
const form = document.getElementById("report");
const answer = document.getElementById("answer");

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function proof() {
  const challenge = await (await fetch("/api/v1/challenge")).json();
  for (let number = 0; number <= challenge.maxnumber; number++) {
    if ((await sha256Hex(challenge.salt + number)) === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return btoa(
        JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }),
      );
    }
  }
  throw new Error("no solution");
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  answer.textContent = "Sending safely…";
  const data = new FormData(form);
  const narrative = String(data.get("narrative") || "");
  const report = {
    version: 1,
    submissionId: crypto.randomUUID(),
    locale: "en",
    reporter: "self",
    inDanger: data.get("inDanger"),
    minor: "no",
    situation: "unsure",
    exploitation: ["unsure"],
    indicators: [],
    lost: data.getAll("lost"),
    needs: [],
    previouslyExploited: "unsure",
    municipality: "unknown",
    contactLanguages: ["en"],
    contact: { channel: "none", leaveMessage: false },
    consent: { share: data.get("share") === "on", authorities: false, checkIns: false },
    ...(narrative ? { narrative } : {}),
    proof: await proof(),
  };
  const response = await fetch("/api/v1/reports", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(report),
  });
  answer.textContent = JSON.stringify(await response.json(), null, 2);
});
