extension OpenAPIDocument {
    /// The shared parameters, error responses and schemas the operations refer to (`#/components/…`): the
    /// body of the document's `components` object.
    static let components = #"""
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
    """#
}
