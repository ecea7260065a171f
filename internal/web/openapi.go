package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"aims/internal/aims"
)

// openAPIDocument writes the OpenAPI 3.1 document from the route table and
// the Go types the handlers decode and encode, so it describes exactly
// what the server does.
func openAPIDocument(routes []route, version string) ([]byte, error) {
	g := &schemaGen{schemas: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		if !rt.api {
			continue
		}
		op := map[string]any{
			"operationId": operationID(rt),
			"summary":     rt.summary,
			"tags":        []string{tagOf(rt.path)},
		}
		var params []any
		for _, name := range pathParams(rt.path) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true,
				"schema": map[string]any{"type": "string"}})
		}
		for _, q := range rt.query {
			sch := map[string]any{"type": q.typ}
			if len(q.enum) > 0 {
				sch["enum"] = q.enum
			}
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.desc, "schema": sch})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.body != nil {
			media := map[string]any{"schema": g.ref(reflect.TypeOf(rt.body))}
			if rt.example != nil {
				media["example"] = rt.example(example{Version: 1, Unique: "1", OrgID: 1, UserID: 1})
			}
			content := map[string]any{"application/json": media}
			if _, ok := media["example"].(multipartExample); ok {
				// An upload: the file as multipart/form-data, or a link as JSON.
				delete(media, "example")
				content = map[string]any{"multipart/form-data": media,
					"application/json": map[string]any{"schema": g.ref(reflect.TypeOf(evidenceLink{}))}}
			}
			op["requestBody"] = map[string]any{
				"required": rt.method != http.MethodPost || !strings.HasSuffix(rt.path, "}/archive") && !strings.HasSuffix(rt.path, "}/restore"),
				"content":  content,
			}
		}
		status := rt.status
		if status == 0 {
			status = http.StatusOK
		}
		content := map[string]any{"application/json": map[string]any{"schema": g.ref(reflect.TypeOf(rt.reply))}}
		if _, ok := rt.reply.(csvFile); ok {
			content = map[string]any{"text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}
		}
		if _, ok := rt.reply.(fileContent); ok {
			content = map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		}
		responses := map[string]any{
			strconv.Itoa(status): map[string]any{"description": http.StatusText(status), "content": content},
		}
		problem := func(code int, why string) {
			responses[strconv.Itoa(code)] = map[string]any{"description": why,
				"content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
		}
		problem(401, "Not signed in, or the token is unknown or revoked.")
		problem(403, "The role does not allow this, or a cross-origin browser request.")
		if len(pathParams(rt.path)) > 0 {
			problem(404, "No such record in this organization.")
		}
		if rt.body != nil {
			problem(400, "The body is not a JSON object.")
			if rt.maxBody > 0 {
				problem(413, "The file is larger than the server's upload limit.")
			} else {
				problem(413, "The body is larger than 1 MiB.")
			}
			problem(415, "The body is not application/json.")
		}
		if rt.body != nil || len(rt.query) > 0 {
			problem(422, "Invalid input; errors maps each field to its message.")
		}
		if rt.method == http.MethodPut || strings.HasSuffix(rt.path, "/archive") || strings.HasSuffix(rt.path, "/restore") {
			problem(409, "The version sent is stale, or the record is archived.")
		}
		op["responses"] = responses
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = op
	}
	g.schemas["Problem"] = g.schemaOf(reflect.TypeOf(problem{}))
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "aims API",
			"version":     version,
			"description": "The JSON API of aims, the AI management system for ISO/IEC 42001. Authenticate with Authorization: Bearer TOKEN (create a token on the API tokens page or with `aims token create`). Errors are RFC 9457 problem documents.",
		},
		"servers":  []any{map[string]any{"url": "/"}},
		"paths":    paths,
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
		"components": map[string]any{"schemas": g.schemas, "securitySchemes": map[string]any{
			"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
		}},
	}
	return json.MarshalIndent(doc, "", "  ")
}

var paramRE = regexp.MustCompile(`\{([A-Za-z]+)\}`)

func pathParams(path string) []string {
	var out []string
	for _, m := range paramRE.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

func tagOf(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")
	return parts[0]
}

// operationID names an operation from its method and path:
// PUT /api/v1/ai-systems/{id} is "putAiSystemsById".
func operationID(rt route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method))
	for _, seg := range strings.Split(strings.TrimPrefix(rt.path, "/api/v1/"), "/") {
		if strings.HasPrefix(seg, "{") {
			seg = "by-" + strings.Trim(seg, "{}")
		}
		for _, w := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// enums lists the values of the typed string enums, so the document says
// which values each field accepts.
var enums = map[reflect.Type][]string{
	reflect.TypeOf(aims.Lifecycle("")): enumStrings(aims.Lifecycles),
	reflect.TypeOf(aims.AIRole("")):    enumStrings(aims.AIRoles),
	reflect.TypeOf(aims.Autonomy("")):  append([]string{""}, enumStrings(aims.Autonomies)...),
	reflect.TypeOf(aims.RiskClass("")): enumStrings(aims.RiskClasses),
	reflect.TypeOf(aims.GapStatus("")): enumStrings(aims.GapStatuses),
	reflect.TypeOf(aims.Role("")):      enumStrings(aims.Roles),
}

var (
	timeType = reflect.TypeOf(time.Time{})
	dateType = reflect.TypeOf(aims.Date{})
	rawType  = reflect.TypeOf(json.RawMessage{})
)

// schemaGen writes JSON Schemas (the 2020-12 dialect OpenAPI 3.1 uses) for
// Go types, named struct types once each under components.
type schemaGen struct {
	schemas map[string]any
}

func (g *schemaGen) ref(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || t == dateType {
		return g.schemaOf(t)
	}
	name := schemaName(t)
	if _, ok := g.schemas[name]; !ok {
		g.schemas[name] = nil // reserve against recursion
		g.schemas[name] = g.schemaOf(t)
	}
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

var nameJunk = regexp.MustCompile(`[^A-Za-z0-9]+`)

// schemaName turns a Go type name into a component name:
// aims.Page[aims/internal/aims.AISystem] becomes PageOfAISystem.
func schemaName(t reflect.Type) string {
	name := t.Name()
	if i := strings.Index(name, "["); i >= 0 {
		arg := name[i+1 : len(name)-1]
		if j := strings.LastIndex(arg, "."); j >= 0 {
			arg = arg[j+1:]
		}
		name = name[:i] + "Of" + arg
	}
	name = nameJunk.ReplaceAllString(name, "")
	return strings.ToUpper(name[:1]) + name[1:]
}

func (g *schemaGen) schemaOf(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		return map[string]any{"type": []string{"string", "null"}, "format": "date"}
	case t == rawType:
		return map[string]any{}
	}
	if vals, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return map[string]any{"anyOf": []any{g.ref(t.Elem()), map[string]any{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.ref(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.ref(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		g.fields(t, props, &required)
		sort.Strings(required)
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	panic(fmt.Sprintf("openapi: no schema for %s", t))
}

// fields adds a struct's JSON fields, flattening embedded structs as
// encoding/json does. Fields without omitempty are always present in
// replies, so they are listed as required.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			g.fields(ft, props, required)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.ref(f.Type)
		if format := f.Tag.Get("format"); format != "" { // a file part of a multipart body
			props[name] = map[string]any{"type": "string", "format": format}
		}
		if !strings.Contains(opts, "omitempty") {
			*required = append(*required, name)
		}
	}
}
