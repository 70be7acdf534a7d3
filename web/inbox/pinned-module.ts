/**
 * Loads an ES module of this origin only if its bytes are the ones the build pinned.
 *
 * Why a `<link rel="modulepreload" integrity>` added when the module is wanted: a dynamic
 * `import()` takes no integrity of its own, and the other ways to pin it cost more. An import
 * map with `integrity` is an inline script, which the CSP (`script-src 'self'`) refuses without
 * a hash per build in the header; importing verified bytes from a `blob:` URL needs `blob:` in
 * `script-src`; a modulepreload written into the page would fetch the module on first load,
 * which is what loading it later avoids. A modulepreload link puts the module, fetched with its
 * integrity checked (SRI), into the document's module map under its URL, and `import()` of the
 * same URL takes it from there and fetches nothing (HTML, "fetch a single module script"). If
 * the bytes differ, the link fails, the map holds the failure for that URL, and `import()`
 * fails too: the module never runs. test/browser/inbox.test.ts changes the module's bytes on the
 * wire and sees sign-in refused.
 */
import { ApiProblem } from "./api-client.ts";

export interface PinnedModule {
  /** an absolute path on this origin */
  path: string;
  /** Subresource Integrity metadata of its exact bytes */
  integrity: string;
}

const loading = new Map<string, Promise<unknown>>();

function preload(pinned: PinnedModule): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = pinned.path;
    link.integrity = pinned.integrity;
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => reject(new Error(`${pinned.path} did not load`)));
    document.head.append(link);
  });
}

/** The module, loaded once; a failure (no network, other bytes) is said as the network's. */
export function loadPinned<T>(pinned: PinnedModule): Promise<T> {
  let module = loading.get(pinned.path);
  if (!module) {
    module = preload(pinned)
      .then(() => import(pinned.path))
      .catch(() => {
        // The document keeps a failed module for good: only a new page load tries again.
        throw new ApiProblem({ status: 0, code: "network", message: "" });
      });
    loading.set(pinned.path, module);
  }
  return module as Promise<T>;
}
