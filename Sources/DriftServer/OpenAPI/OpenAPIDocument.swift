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
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {
          "model": {"name": "model", "in": "path", "required": true,
                    "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"}},
          "from": {"name": "from", "in": "query", "description": "RFC 3339 time or Unix seconds, 1970 to 9999",
                   "schema": {"$ref": "#/components/schemas/QueryTime"}},
          "to": {"name": "to", "in": "query", "description": "RFC 3339 time or Unix seconds, 1970 to 9999",
                 "schema": {"$ref": "#/components/schemas/QueryTime"}}
        },
        "responses": {
          "BadRequest": {"description": "Malformed request: bad JSON or UTF-8, a query value out of range, a gzip body that is not gzip", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unauthorized": {"description": "No valid bearer token (tokens are configured)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Forbidden": {"description": "The token lacks the operation's scope", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "Unknown model (upload a reference first)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLarge": {"description": "Body over the limit (after gzip decoding)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unsupported": {"description": "Content-Type or Content-Encoding not accepted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Misdirected": {"description": "No tokens configured and the Host is not a loopback name or the external host", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unprocessable": {"description": "Valid JSON that does not fit: a feature of the wrong type for the model, a timestamp more than a day ahead, a control character in a name; details name each line and field", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooMany": {"description": "Too many labels wait for events that have not arrived (limits.max_pending_labels)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unavailable": {"description": "The store cannot write now (disk full, I/O error); nothing was stored, retry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Window": {"type": "object", "required": ["start", "end", "partial", "slice"], "properties": {
            "start": {"type": "string"}, "end": {"type": "string"}, "partial": {"type": "boolean"},
            "slice": {"description": "null for the whole model", "oneOf": [{"type": "null"}, {"type": "object", "required": ["key", "value", "reference_scope"],
              "properties": {"key": {"type": "string"}, "value": {"type": "string"}, "reference_scope": {"type": "string", "enum": ["model", "segment"]}}}]}}},
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
            "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"},
            "details": {"type": "array", "items": {"type": "object", "required": ["index", "reason"], "properties": {
              "index": {"type": "integer"}, "field": {"type": "string"}, "reason": {"type": "string"}}}}}}}},
          "QueryTime": {"type": "string", "pattern": "^(|(19[7-9][0-9]|[2-9][0-9]{3})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])|(0|[1-9][0-9]{0,10})(\\.[0-9]{1,9})?)$"},
          "Name": {"type": "string", "minLength": 1, "maxLength": 256, "pattern": "^[^\\u0000-\\u001F\\u007F]+$"},
          "Id": {"oneOf": [
            {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[^\\u0000-\\u001F\\u007F]+$"},
            {"type": "integer", "exclusiveMinimum": -10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000, "exclusiveMaximum": 100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000}]},
          "Outcome": {"type": ["number", "string", "boolean"], "maxLength": 4096},
          "Event": {"type": "object", "additionalProperties": false, "required": ["id", "timestamp", "features", "prediction"], "properties": {
            "id": {"$ref": "#/components/schemas/Id"},
            "timestamp": {"oneOf": [
              {"type": "string", "pattern": "^(19[7-9][0-9]|[2-9][0-9]{3})-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"},
              {"type": "number", "minimum": 0, "maximum": 253402300799}],
              "description": "RFC 3339 or Unix seconds; at most a day ahead of the server's clock (422 beyond)"},
            "features": {"type": "object", "maxProperties": 1000, "propertyNames": {"$ref": "#/components/schemas/Name"},
              "additionalProperties": {"type": ["number", "string", "boolean", "null"], "maxLength": 4096},
              "description": "Values must have the type the model's reference gave the feature (422 otherwise); unknown features are stored and listed"},
            "prediction": {"$ref": "#/components/schemas/Outcome"},
            "score": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "label": {"type": ["number", "string", "boolean", "null"], "maxLength": 4096},
            "model_version": {"type": ["string", "null"], "maxLength": 64, "pattern": "^[^\\u0000-\\u001F\\u007F]*$",
              "description": "With id, names the event: the same id under two versions is two events"},
            "shadow": {"type": ["boolean", "null"], "description": "Scored but not served; left out of the whole model's windows"},
            "tags": {"type": ["object", "null"], "maxProperties": 16, "propertyNames": {"pattern": "^[a-z0-9_.-]{1,64}$"},
              "additionalProperties": {"type": "string", "maxLength": 256, "pattern": "^[^\\u0000-\\u001F\\u007F]*$"},
              "description": "Metadata usable as segment keys; never compared"},
            "latency_ms": {"type": ["number", "null"], "minimum": 0, "maximum": 1.7976931348623157e308,
              "description": "How long serving took, in milliseconds"}}},
          "Label": {"type": "object", "additionalProperties": false, "required": ["id", "label"], "properties": {
            "id": {"$ref": "#/components/schemas/Id"}, "label": {"$ref": "#/components/schemas/Outcome"}}},
          "Model": {"type": "object", "required": ["name", "task", "schema", "reference", "counts", "unexpected_features"], "properties": {
            "name": {"type": "string"}, "task": {"type": "string", "enum": ["binary", "multiclass", "regression"]},
            "positive_label": {"type": ["string", "null"]},
            "schema": {"type": "object", "additionalProperties": {"type": "string", "enum": ["numeric", "categorical"]}},
            "reference": {"type": "object", "required": ["version", "rows", "created_at"], "properties": {
              "version": {"type": "integer"}, "rows": {"type": "integer"}, "created_at": {"type": "string"},
              "sha256": {"type": ["string", "null"]}}},
            "counts": {"type": "object", "properties": {"events": {"type": "integer"}, "labels": {"type": "integer"},
              "labels_matched": {"type": "integer"}, "labels_unmatched": {"type": "integer"}}},
            "unexpected_features": {"type": "object", "additionalProperties": {"type": "integer"}},
            "unexpected_features_omitted": {"type": "integer"},
            "status": {"type": "string", "enum": ["no_data", "no_traffic", "degraded", "drifting", "ok"]},
            "estimated_performance": {"type": "object", "description": "One model's detail only: whether its windows get estimated performance without labels", "properties": {
              "available": {"type": "boolean"}, "calibration": {"type": "string", "enum": ["isotonic", "identity"]},
              "reason": {"type": "string"}}}}},
          "ReferenceCreated": {"type": "object", "required": ["model", "version", "rows", "task", "schema", "sha256", "created"], "properties": {
            "model": {"type": "string"}, "version": {"type": "integer"}, "rows": {"type": "integer"},
            "task": {"type": "string"}, "positive_label": {"type": ["string", "null"]}, "schema": {"type": "object"},
            "prediction": {"type": "boolean"}, "sha256": {"type": "string"}, "created": {"type": "boolean"}}}
        }
      },
      "security": [{"bearer": []}],
      "paths": {
        "/v1/models/{model}/reference": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "put": {
            "summary": "Upload or replace the model's reference data. The same bytes as the latest version answer 200 with that version; new bytes make a new version (201).",
            "requestBody": {"required": true, "content": {
              "text/csv": {"schema": {"type": "string", "minLength": 1},
                "description": "RFC 4180 with a header row; 400 when it is not CSV, 422 when it has no rows or no feature column"},
              "application/x-ndjson": {"schema": {"type": "string", "minLength": 1}},
              "application/json": {"schema": {"type": "array", "minItems": 1, "items": {"type": "object", "minProperties": 1}}}}},
            "responses": {
              "200": {"description": "The same bytes as the latest version: nothing new stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceCreated"}}}},
              "201": {"description": "A new reference version", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReferenceCreated"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}, "413": {"$ref": "#/components/responses/TooLarge"},
              "415": {"$ref": "#/components/responses/Unsupported"}, "421": {"$ref": "#/components/responses/Misdirected"},
              "422": {"$ref": "#/components/responses/Unprocessable"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/models/{model}/events": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "post": {
            "summary": "Ingest prediction events; 202 only after the batch is durable. A batch is atomic.",
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"oneOf": [
                {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                {"type": "object", "additionalProperties": false, "required": ["events"], "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}]}},
              "application/x-ndjson": {"schema": {"type": "string", "minLength": 1}}}},
            "responses": {
              "202": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object",
                "required": ["accepted", "duplicates"], "properties": {"accepted": {"type": "integer"}, "duplicates": {"type": "integer"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/Unsupported"},
              "421": {"$ref": "#/components/responses/Misdirected"}, "422": {"$ref": "#/components/responses/Unprocessable"},
              "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/models/{model}/labels": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "post": {
            "summary": "Ingest ground-truth labels joined to events by id, before or after the events arrive",
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"oneOf": [
                {"type": "array", "items": {"$ref": "#/components/schemas/Label"}},
                {"type": "object", "additionalProperties": false, "required": ["labels"], "properties": {"labels": {"type": "array", "items": {"$ref": "#/components/schemas/Label"}}}}]}},
              "application/x-ndjson": {"schema": {"type": "string", "minLength": 1}}}},
            "responses": {
              "202": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object",
                "required": ["matched", "unmatched"], "properties": {"matched": {"type": "integer"}, "unmatched": {"type": "integer"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"}, "415": {"$ref": "#/components/responses/Unsupported"},
              "421": {"$ref": "#/components/responses/Misdirected"}, "422": {"$ref": "#/components/responses/Unprocessable"},
              "429": {"$ref": "#/components/responses/TooMany"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/models": {
          "get": {"summary": "List models by name, a page at a time",
            "parameters": [
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}, "description": "Models per page (default 100)"},
              {"name": "after", "in": "query", "schema": {"type": "string", "maxLength": 256}, "description": "The previous page's next"}],
            "responses": {
              "200": {"description": "One page of models", "content": {"application/json": {"schema": {"type": "object",
                "required": ["models", "next"], "properties": {"models": {"type": "array", "items": {"$ref": "#/components/schemas/Model"}},
                "next": {"type": ["string", "null"]}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}, "421": {"$ref": "#/components/responses/Misdirected"},
              "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/v1/models/{model}": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "get": {"summary": "One model: schema, reference summary, counts, and whether its windows get estimated performance (estimated_performance: available, calibration, reason)", "responses": {
            "200": {"description": "The model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}},
            "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
            "404": {"$ref": "#/components/responses/NotFound"}, "421": {"$ref": "#/components/responses/Misdirected"},
            "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/v1/models/{model}/windows": {
          "parameters": [{"$ref": "#/components/parameters/model"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/to"},
            {"name": "slice", "in": "query", "description": "KEY:VALUE of one slice (model_version:v2, region:eu, c0:__other__); absent or empty: the whole model (non-shadow events). from must be before to (400 otherwise)",
             "schema": {"type": "string", "maxLength": 321, "pattern": "^([^:\\u0000-\\u001F\\u007F]+:[^\\u0000-\\u001F\\u007F]+)?$"}}],
          "get": {"summary": "Evaluated windows of the whole model or of one slice, oldest first: per-feature statistics and drift decisions (KS and chi-square with pvalue_adjusted when multiple_testing is configured), prediction drift, performance, estimated performance without labels (binary models with scores), volume",
            "responses": {
              "200": {"description": "Windows", "content": {"application/json": {"schema": {"type": "object",
                "required": ["model", "windows"], "properties": {"model": {"type": "string"}, "windows": {"type": "array", "items": {"$ref": "#/components/schemas/Window"}}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"description": "Unknown model, or a slice never evaluated (the message lists the model's slices)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "421": {"$ref": "#/components/responses/Misdirected"}, "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/v1/models/{model}/slices": {
          "parameters": [{"$ref": "#/components/parameters/model"}, {"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/to"}],
          "get": {"summary": "The model's slices (versions and segment values) with windows overlapping [from, to), with their events and windows there; from must be before to (400 otherwise)",
            "responses": {
              "200": {"description": "Slices by name", "content": {"application/json": {"schema": {"type": "object",
                "required": ["model", "slices"], "properties": {"model": {"type": "string"}, "slices": {"type": "array", "items": {"type": "object",
                  "required": ["key", "value", "events", "windows"], "properties": {"key": {"type": "string"}, "value": {"type": "string"},
                  "events": {"type": "integer", "minimum": 0}, "windows": {"type": "integer", "minimum": 1}}}}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
              "421": {"$ref": "#/components/responses/Misdirected"}, "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
        "/v1/models/{model}/compare": {
          "parameters": [{"$ref": "#/components/parameters/model"},
            {"name": "a", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 64}, "description": "The model_version compared against"},
            {"name": "b", "in": "query", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 64}, "description": "The model_version compared"},
            {"name": "from", "in": "query", "schema": {"$ref": "#/components/schemas/QueryTime"}, "description": "RFC 3339 time or Unix seconds; default: 24 h before to"},
            {"name": "to", "in": "query", "schema": {"$ref": "#/components/schemas/QueryTime"}, "description": "RFC 3339 time or Unix seconds, exclusive; default: now"}],
          "get": {"summary": "Two versions compared over [from, to): performance of each, the difference B - A with Newcombe's 95% interval and a pooled z-test (Welch for regression), B's predictions against A's, and McNemar's exact test on the ids both scored",
            "responses": {
              "200": {"description": "The comparison", "content": {"application/json": {"schema": {"type": "object",
                "properties": {"model": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
                  "a": {"type": "object"}, "b": {"type": "object"}, "difference": {"type": "object"},
                  "prediction_drift": {"type": "object"}, "paired": {"type": "object"}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"description": "Unknown model, or a version without events in the range (the message lists those with events)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "421": {"$ref": "#/components/responses/Misdirected"}, "503": {"$ref": "#/components/responses/Unavailable"}}}
        },
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
      }
    }
    """#
}
