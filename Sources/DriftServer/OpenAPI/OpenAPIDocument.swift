/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. Clients are generated from it,
/// so it is exact: every status an operation can answer is listed (errors share the `Error` body), and the
/// request schemas refuse what the server refuses wherever a static schema can say so (lengths, control
/// characters, required fields, ranges). What depends on the model or the clock — a feature's type comes
/// from the model's reference, a timestamp may be at most a day ahead — is a 422 described on the
/// operation. A test checks the paths and methods against the registered routes; CI runs schemathesis
/// against a live server with this document.
public enum OpenAPIDocument {
    public static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Driftwatch",
        "version": "0.4.0",
        "description": "Drift and performance monitoring for machine-learning models. A batch holds at most limits.max_batch_size records (10,000 by default; 413 above). Every error is JSON: {\"error\": {\"code\", \"message\", \"details\"}}. A method a path does not declare answers 405 with an Allow header. Without tokens configured, requests must address a loopback host name or the configured external host (421 otherwise)."
      },
      "components": {
    \#(components)
      },
      "security": [{"bearer": []}],
      "paths": {
    \#(ingestionPaths),
    \#(readPaths),
    \#(operationPaths)
      }
    }
    """#
}
