extension OpenAPIDocument {
    /// Alerts, health, metrics and this document (entries of `paths`).
    static let operationPaths = #"""
        "/v1/alerts": {
          "get": {"summary": "Alert states with since, value and rule; the newest notifications with their delivery state (pending, delivered, dead, skipped)",
            "parameters": [
              {"name": "model", "in": "query", "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"}, "description": "Only this model's alerts"},
              {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["inactive", "pending", "firing", "resolved"]},
               "description": "Only alerts in this state"}],
            "responses": {
              "200": {"description": "Alerts", "content": {"application/json": {"schema": {"type": "object",
                "properties": {"alerts": {"type": "array", "items": {"type": "object"}},
                  "notifications": {"type": "array", "items": {"type": "object"}},
                  "outbox": {"type": "object"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}, "421": {"$ref": "#/components/responses/Misdirected"},
              "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/healthz": {
          "get": {"summary": "200 when the store is writable", "security": [], "responses": {
            "200": {"description": "Healthy", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}},
            "503": {"description": "Store not writable", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}}}}
        },
        "/metrics": {
          "get": {"summary": "Prometheus text exposition", "responses": {
            "200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}},
            "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
            "421": {"$ref": "#/components/responses/Misdirected"}}}
        },
        "/openapi.json": {
          "get": {"summary": "This document", "security": [], "responses": {
            "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
            "421": {"$ref": "#/components/responses/Misdirected"}}}
        }
    """#
}
