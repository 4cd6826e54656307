extension OpenAPIDocument {
    /// Reads: models, their windows and slices, and version comparisons (entries of `paths`).
    static let readPaths = #"""
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
        }
    """#
}
