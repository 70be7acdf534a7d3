import type { APIGatewayProxyEvent } from "aws-lambda";
import { header } from "./middleware.ts";

/**
 * The viewer's address. On AWS, CloudFront's own `CloudFront-Viewer-Address` (`ip:port`, which
 * CloudFront sets itself, whatever the viewer sent); never the first entry of
 * `X-Forwarded-For`, which the viewer writes and CloudFront only appends to, so anyone could
 * name a new address on every call. Locally, the socket's address.
 */
export function viewerAddress(event: APIGatewayProxyEvent): string {
  const viewer = header(event, "cloudfront-viewer-address");
  const address = viewer?.slice(0, Math.max(0, viewer.lastIndexOf(":")));
  return address || event.requestContext?.identity?.sourceIp || "unknown";
}
