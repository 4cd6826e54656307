/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`. A test checks that its paths
/// and methods are exactly the routes the application registers.
public enum OpenAPIDocument {
    public static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Driftwatch",
        "version": "0.3.0",
        "description": "Drift and performance monitoring for machine-learning models. Errors are JSON: {\"error\": {\"code\", \"message\", \"details\"}}."
      },
      "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {
          "model": {"name": "model", "in": "path", "required": true,
                    "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"}}
        },
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
            "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"},
            "details": {"type": "array", "items": {"type": "object", "properties": {"index": {"type": "integer"},
            "field": {"type": "string"}, "reason": {"type": "string"}}}}}}}},
          "Event": {"type": "object", "required": ["id", "timestamp", "features"], "properties": {
            "id": {"type": "string", "maxLength": 128},
            "timestamp": {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "number"}]},
            "features": {"type": "object", "additionalProperties": {"type": ["number", "string", "boolean", "null"]}},
            "prediction": {"type": ["number", "string", "boolean"]},
            "score": {"type": "number", "minimum": 0, "maximum": 1},
            "label": {"type": ["number", "string", "boolean"]},
            "model_version": {"type": "string"},
            "latency_ms": {"type": ["number", "null"], "minimum": 0}}},
          "Label": {"type": "object", "required": ["id", "label"], "properties": {
            "id": {"type": "string"}, "label": {"type": ["number", "string", "boolean"]}}},
          "Model": {"type": "object", "properties": {
            "name": {"type": "string"}, "task": {"type": "string", "enum": ["binary", "multiclass", "regression"]},
            "schema": {"type": "object"}, "reference": {"type": "object"}, "counts": {"type": "object"},
            "unexpected_features": {"type": "object"},
            "status": {"type": "string", "enum": ["no_data", "no_traffic", "degraded", "drifting", "ok"]}}}
        }
      },
      "security": [{"bearer": []}],
      "paths": {
        "/v1/models/{model}/reference": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "put": {
            "summary": "Upload or replace the model's reference data (starts a new reference version)",
            "requestBody": {"required": true, "content": {
              "text/csv": {"schema": {"type": "string"}},
              "application/x-ndjson": {"schema": {"type": "string"}},
              "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}},
            "responses": {
              "201": {"description": "Inferred schema and row count", "content": {"application/json": {"schema": {"type": "object"}}}},
              "400": {"description": "Malformed body", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "413": {"description": "Body too large"}, "415": {"description": "Unsupported content type"},
              "422": {"description": "Unusable reference", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
          }
        },
        "/v1/models/{model}/events": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "post": {
            "summary": "Ingest prediction events; 202 only after the batch is durable",
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"oneOf": [
                {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                {"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}}]}},
              "application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
              "202": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object",
                "properties": {"accepted": {"type": "integer"}, "duplicates": {"type": "integer"}}}}}},
              "400": {"description": "Malformed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "404": {"description": "Unknown model or no reference", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "413": {"description": "Body too large"}, "415": {"description": "Unsupported content type"},
              "422": {"description": "Valid JSON, wrong content", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
          }
        },
        "/v1/models/{model}/labels": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "post": {
            "summary": "Ingest ground-truth labels joined to events by id",
            "requestBody": {"required": true, "content": {
              "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Label"}}},
              "application/x-ndjson": {"schema": {"type": "string"}}}},
            "responses": {
              "202": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object",
                "properties": {"matched": {"type": "integer"}, "unmatched": {"type": "integer"}}}}}},
              "400": {"description": "Malformed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "404": {"description": "Unknown model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
          }
        },
        "/v1/models": {
          "get": {"summary": "List models", "responses": {"200": {"description": "Models",
            "content": {"application/json": {"schema": {"type": "object", "properties": {"models": {"type": "array",
            "items": {"$ref": "#/components/schemas/Model"}}}}}}}}}
        },
        "/v1/models/{model}": {
          "parameters": [{"$ref": "#/components/parameters/model"}],
          "get": {"summary": "One model: schema, reference summary, counts", "responses": {
            "200": {"description": "The model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Model"}}}},
            "404": {"description": "Unknown model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        },
        "/v1/models/{model}/windows": {
          "parameters": [{"$ref": "#/components/parameters/model"},
            {"name": "from", "in": "query", "schema": {"type": "string"}, "description": "RFC 3339 time or Unix seconds"},
            {"name": "to", "in": "query", "schema": {"type": "string"}, "description": "RFC 3339 time or Unix seconds"}],
          "get": {"summary": "Evaluated windows, oldest first: per-feature statistics and drift decisions, prediction drift, performance, volume",
            "responses": {
              "200": {"description": "Windows", "content": {"application/json": {"schema": {"type": "object",
                "properties": {"model": {"type": "string"}, "windows": {"type": "array", "items": {"type": "object"}}}}}}},
              "400": {"description": "Bad query", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "404": {"description": "Unknown model", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        },
        "/v1/alerts": {
          "parameters": [
            {"name": "model", "in": "query", "schema": {"type": "string"}, "description": "Only this model's alerts"},
            {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["inactive", "pending", "firing", "resolved"]},
             "description": "Only alerts in this state"}],
          "get": {"summary": "Alert states with since, value and rule; the newest notifications with their delivery state (pending, delivered, dead, skipped)",
            "responses": {
              "200": {"description": "Alerts", "content": {"application/json": {"schema": {"type": "object",
                "properties": {"alerts": {"type": "array", "items": {"type": "object"}},
                  "notifications": {"type": "array", "items": {"type": "object"}},
                  "outbox": {"type": "object"}}}}}},
              "400": {"description": "Bad query", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
        },
        "/healthz": {
          "get": {"summary": "200 when the store is writable", "security": [], "responses": {
            "200": {"description": "Healthy"}, "503": {"description": "Store not writable"}}}
        },
        "/metrics": {
          "get": {"summary": "Prometheus text exposition", "responses": {
            "200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
        },
        "/openapi.json": {
          "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3.1"}}}
        }
      }
    }
    """#
}
