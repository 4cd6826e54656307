extension OpenAPIDocument {
    /// Writes: the reference upload, events and labels (entries of `paths`).
    static let ingestionPaths = #"""
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
        }
    """#
}
