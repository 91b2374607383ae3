import * as assert from "node:assert/strict";
import { describeRequest, RequestTimeout } from "../../../engine/docker/requests";

describe("Docker API requests in words", () => {
  it("a timeout names the request as a user would say it, not its URL", () => {
    assert.equal(describeRequest("GET", "/containers/web/json?"), "inspect container web");
    assert.equal(describeRequest("POST", "/v1.41/containers/create?name=web"), "create container");
    assert.equal(describeRequest("POST", "/containers/3f2a/start?"), "start container 3f2a");
    assert.equal(describeRequest("DELETE", "/containers/3f2a?force=true"), "remove container 3f2a");
    assert.equal(describeRequest("GET", "/images/harmony-test%2Fhttpd:1/json"), "inspect image harmony-test/httpd:1");
    assert.equal(describeRequest("POST", "/images/create?fromImage=redis"), "pull image");
    assert.equal(describeRequest("GET", "/_ping"), "GET /_ping");
    assert.equal(new RequestTimeout("edge-1", "start container web", 2500).message, 'edge-1 did not answer "start container web" within 2.5 s: its Docker engine or the SSH channel to it stalled');
  });
});
