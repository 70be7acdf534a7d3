/**
 * The proof of work, off the main thread so the page stays responsive on a cheap phone: find
 * the number whose SHA-256 with the salt is the challenge (ALTCHA's classic scheme). It hashes
 * with @noble/hashes, synchronously: WebCrypto's digest is a promise per attempt, which costs
 * more than the hash itself for such short inputs.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

interface Task {
  challenge: string;
  salt: string;
  max: number;
}

const REPORT_EVERY = 2_000;

self.onmessage = (event: MessageEvent<Task>) => {
  const { challenge, salt, max } = event.data;
  for (let number = 0; number <= max; number++) {
    if (bytesToHex(sha256(utf8ToBytes(salt + number))) === challenge) {
      self.postMessage({ number });
      return;
    }
    if (number % REPORT_EVERY === 0) self.postMessage({ progress: number / max });
  }
  self.postMessage({ number: null });
};
