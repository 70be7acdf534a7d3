import { describe, expect, it } from "vitest";
import { statefulLogicalIds, statefulStackPolicy } from "../../lib/stack-policy.ts";
import { STATEFUL_IDS } from "../../lib/stateful-ids.ts";

describe("statefulStackPolicy", () => {
  it("names the data key, the six tables and the four secrets", () => {
    expect(statefulLogicalIds().sort()).toEqual(
      [
        STATEFUL_IDS.dataKey,
        ...Object.values(STATEFUL_IDS.tables),
        ...Object.values(STATEFUL_IDS.secrets),
      ].sort(),
    );
    expect(statefulLogicalIds()).toHaveLength(11);
  });

  it("denies replacing or deleting each of them, and allows every other update", () => {
    expect(statefulStackPolicy()).toEqual({
      Statement: [
        {
          Effect: "Deny",
          Action: ["Update:Replace", "Update:Delete"],
          Principal: "*",
          Resource: statefulLogicalIds().map((id) => `LogicalResourceId/${id}`),
        },
        { Effect: "Allow", Action: "Update:*", Principal: "*", Resource: "*" },
      ],
    });
  });
});
