package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"aims/internal/aims"
)

type openAPIDoc struct {
	OpenAPI    string                               `json:"openapi"`
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

func loadOpenAPI(t *testing.T, e *env) openAPIDoc {
	t.Helper()
	res := e.do("GET", "/api/openapi.json", "", "", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("openapi.json = %d", res.StatusCode)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIListsEveryRoute checks that the document names every API route
// with its method, parameters and responses, and that every reference
// resolves.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := sqliteEnv(t)
	doc := loadOpenAPI(t, e)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	n := 0
	for _, rt := range e.srv.routes {
		if !rt.api {
			continue
		}
		n++
		op, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]
		if !ok {
			t.Errorf("%s %s is not in the document", rt.method, rt.path)
			continue
		}
		if op["summary"] == "" || op["operationId"] == "" {
			t.Errorf("%s %s lacks a summary or operation ID", rt.method, rt.path)
		}
		responses, _ := op["responses"].(map[string]any)
		if _, ok := responses["401"]; !ok {
			t.Errorf("%s %s does not document 401", rt.method, rt.path)
		}
		params, _ := op["parameters"].([]any)
		for _, name := range pathParams(rt.path) {
			found := false
			for _, p := range params {
				if p.(map[string]any)["name"] == name {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s does not document path parameter %s", rt.method, rt.path, name)
			}
		}
	}
	count := 0
	for _, ops := range doc.Paths {
		count += len(ops)
	}
	if count != n {
		t.Errorf("the document has %d operations, the route table %d API routes", count, n)
	}
	raw, _ := json.Marshal(doc)
	for _, part := range strings.Split(string(raw), `"$ref":"#/components/schemas/`)[1:] {
		name := part[:strings.Index(part, `"`)]
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("dangling reference to %s", name)
		}
	}
}

// TestOpenAPIDescribesReplies checks real replies against the document:
// every field a reply carries is in its schema, with the right type and,
// for enumerations, an allowed value. A field added to a reply without the
// document knowing fails here.
func TestOpenAPIDescribesReplies(t *testing.T) {
	e := sqliteEnv(t)
	doc := loadOpenAPI(t, e)
	sys := e.createSystem("Documented")
	e.api(aims.RoleAdmin, "PUT", "/api/v1/ai-systems/"+strconv.FormatInt(sys.ID, 10),
		aims.AISystem{ID: sys.ID, Version: 1, Name: "Documented", Purpose: "p", Roles: []aims.AIRole{aims.AIRoleDeployer},
			EUAIAct: &aims.Classification{Art50: []string{"art50.1"}, Reasoning: "chat"}, LastReviewed: mustDate("2026-10-01")})
	e.api(aims.RoleAdmin, "PUT", "/api/v1/gap-assessment/A.4.3", aims.GapEntry{Status: aims.GapPartial, Links: []aims.GapLink{{AISystemID: sys.ID}}})
	id := strconv.FormatInt(sys.ID, 10)
	for _, c := range [][2]string{
		{"/api/v1/me", ""}, {"/api/v1/frameworks", ""},
		{"/api/v1/frameworks/{id}/requirements", "/api/v1/frameworks/iso42001/requirements"},
		{"/api/v1/frameworks/{id}/requirements", "/api/v1/frameworks/nist-ai-rmf/requirements"},
		{"/api/v1/frameworks/{id}/requirements", "/api/v1/frameworks/eu-ai-act/requirements"},
		{"/api/v1/ai-systems", ""}, {"/api/v1/ai-systems/{id}", "/api/v1/ai-systems/" + id},
		{"/api/v1/ai-systems/{id}/history", "/api/v1/ai-systems/" + id + "/history"}, {"/api/v1/gap-assessment", ""},
		{"/api/v1/gap-assessment/{requirementID}", "/api/v1/gap-assessment/A.4.3"}, {"/api/v1/members", ""},
		{"/api/v1/tokens", ""}, {"/api/v1/audit-events", ""},
	} {
		path, concrete := c[0], c[1]
		if concrete == "" {
			concrete = path
		}
		res := e.api(aims.RoleAdmin, "GET", concrete, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s = %d", concrete, res.StatusCode)
		}
		content := doc.Paths[path]["get"]["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
		schema := content["application/json"].(map[string]any)["schema"]
		var v any
		if err := json.Unmarshal(res.Body, &v); err != nil {
			t.Fatal(err)
		}
		for _, problem := range conforms(doc, schema, v, path) {
			t.Error(problem)
		}
	}
	// Errors follow the Problem schema.
	res := e.api(aims.RoleAdmin, "GET", "/api/v1/ai-systems?limit=0", nil)
	var v any
	json.Unmarshal(res.Body, &v)
	for _, problem := range conforms(doc, map[string]any{"$ref": "#/components/schemas/Problem"}, v, "problem") {
		t.Error(problem)
	}
}

// conforms checks a value against the subset of JSON Schema the document
// uses and returns what does not fit.
func conforms(doc openAPIDoc, schema any, v any, at string) []string {
	s, _ := schema.(map[string]any)
	if ref, ok := s["$ref"].(string); ok {
		return conforms(doc, doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")], v, at)
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		for _, alt := range anyOf {
			if len(conforms(doc, alt, v, at)) == 0 {
				return nil
			}
		}
		return []string{at + ": matches no alternative"}
	}
	if enum, ok := s["enum"].([]any); ok {
		for _, e := range enum {
			if e == v {
				return nil
			}
		}
		return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
	}
	types := map[string]bool{}
	switch t := s["type"].(type) {
	case string:
		types[t] = true
	case []any:
		for _, x := range t {
			types[x.(string)] = true
		}
	case nil:
		return nil // any value
	}
	switch v := v.(type) {
	case nil:
		if !types["null"] {
			return []string{at + ": null where the schema does not allow it"}
		}
	case string:
		if !types["string"] {
			return []string{at + ": a string where the schema wants " + fmt.Sprint(s["type"])}
		}
	case bool:
		if !types["boolean"] {
			return []string{at + ": a boolean where the schema wants " + fmt.Sprint(s["type"])}
		}
	case float64:
		if !types["number"] && !(types["integer"] && v == float64(int64(v))) {
			return []string{at + ": a number where the schema wants " + fmt.Sprint(s["type"])}
		}
	case []any:
		if !types["array"] {
			return []string{at + ": a list where the schema wants " + fmt.Sprint(s["type"])}
		}
		var out []string
		for i, x := range v {
			out = append(out, conforms(doc, s["items"], x, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return out
	case map[string]any:
		if !types["object"] {
			return []string{at + ": an object where the schema wants " + fmt.Sprint(s["type"])}
		}
		props, _ := s["properties"].(map[string]any)
		var out []string
		for k, x := range v {
			sub, ok := props[k]
			if !ok {
				if extra, ok := s["additionalProperties"].(map[string]any); ok {
					sub = extra
				} else {
					out = append(out, at+"."+k+": not in the schema")
					continue
				}
			}
			out = append(out, conforms(doc, sub, x, at+"."+k)...)
		}
		return out
	}
	return nil
}
