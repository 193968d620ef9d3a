package main

// json_schema_lite: the hub's ingest checks, as a Benthos processor.
//
// Why a plugin: the open Benthos core has no JSON Schema processor (json_schema lives in
// Redpanda Connect, which is not open source). Why santhosh-tekuri/jsonschema/v6: maintained,
// draft 2020-12, `$ref` across files through a pluggable loader, format assertion, and it
// ignores unknown keywords (the hub's `x-pii`, `x-producer`, `x-consumers`).
//
// What it checks, in the hub's order (apps/api/src/ingest/envelope.ts, libs/schema-registry):
//  1. the body is JSON                                    else 400 malformed-request
//  2. the CloudEvents envelope (same rules as the hub)    else 400 invalid-envelope
//  3. `type` is the type this peer was configured for     else 422 unknown-event-type
//  4. `data` against the canonical schema                 else 422 schema-violation
//
// A valid event passes through untouched (the Kafka value stays the request body byte for byte)
// with metadata ce_id / ce_type / ce_subject added for the output key and the 202 answer.
// An invalid one is *errored* (SetError) and its content replaced by an RFC 9457 problem, with
// metadata http_status and content_type: peer.yaml sends errored messages to sync_response and
// drops them, so the http_server input answers 4xx and nothing reaches Kafka.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/redpanda-data/benthos/v4/public/service"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

const problemBase = "https://erp-hub.example/problems/" // same URIs as the hub's problems

// The hub's envelope schema, copied from apps/api/src/ingest/envelope.ts (keep in sync): the
// CloudEvents 1.0 required attributes plus `subject` (the Kafka key) and the `tenant` extension.
const envelopeSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["specversion", "id", "source", "type", "subject", "tenant", "data"],
  "properties": {
    "specversion": { "const": "1.0" },
    "id": { "type": "string", "minLength": 1, "maxLength": 200 },
    "source": { "type": "string", "minLength": 1, "maxLength": 500, "format": "uri-reference" },
    "type": { "type": "string", "minLength": 1, "maxLength": 200 },
    "subject": { "type": "string", "minLength": 1, "maxLength": 200 },
    "tenant": { "type": "string", "pattern": "^[a-z][a-z0-9-]{1,15}$" },
    "time": { "type": "string", "format": "date-time" },
    "dataschema": { "type": "string", "format": "uri" },
    "datacontenttype": { "type": "string", "pattern": "^application/json(\\s*;.*)?$" },
    "data": { "type": "object" },
    "data_base64": false
  },
  "propertyNames": { "pattern": "^[a-z0-9_]{1,20}$" }
}`

const envelopeURL = "https://erp-hub.example/peer/envelope.json"

func init() {
	spec := service.NewConfigSpec().
		Beta().
		Summary("Checks a structured CloudEvent like the hub's ingest: envelope, type, and `data` against one canonical JSON Schema (draft 2020-12).").
		Description("Invalid events are errored, their content replaced by an RFC 9457 problem and metadata `http_status` (400 or 422) and `content_type` set. Valid events pass unchanged with metadata `ce_id`, `ce_type`, `ce_subject`.").
		Field(service.NewStringField("schema_file").
			Description("Path of the canonical schema, e.g. schemas/payroll.pay-change.requested.v1.json. `$ref`s under the base of its `$id` are read from the same folder (defs/...); nothing is fetched over the network.")).
		Field(service.NewBoolField("check_type").
			Description("Reject (422) an event whose `type` is not the schema's `title`.").
			Default(true))

	err := service.RegisterProcessor("json_schema_lite", spec,
		func(conf *service.ParsedConfig, mgr *service.Resources) (service.Processor, error) {
			file, err := conf.FieldString("schema_file")
			if err != nil {
				return nil, err
			}
			checkType, err := conf.FieldBool("check_type")
			if err != nil {
				return nil, err
			}
			return newJSONSchemaLite(file, checkType)
		})
	if err != nil {
		panic(err)
	}
}

type jsonSchemaLite struct {
	envelope *jsonschema.Schema
	data     *jsonschema.Schema
	// The CloudEvents type the schema describes (its title); "" = any type accepted.
	eventType string
}

func newJSONSchemaLite(file string, checkType bool) (*jsonSchemaLite, error) {
	if file == "" {
		return nil, errors.New("schema_file is empty (PEER_SCHEMA not set?)")
	}
	dataSchema, title, err := compileSchemaFile(file)
	if err != nil {
		return nil, err
	}
	p := &jsonSchemaLite{data: dataSchema}
	if checkType {
		if title == "" {
			return nil, fmt.Errorf("%s: check_type needs the schema's title (the event type)", file)
		}
		p.eventType = title
	}

	envDoc, err := jsonschema.UnmarshalJSON(strings.NewReader(envelopeSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // ajv-formats asserts formats in the hub, so must we
	if err := c.AddResource(envelopeURL, envDoc); err != nil {
		return nil, err
	}
	if p.envelope, err = c.Compile(envelopeURL); err != nil {
		return nil, fmt.Errorf("envelope schema: %w", err)
	}
	return p, nil
}

// compileSchemaFile compiles a hub schema. The hub's schemas have absolute `$id`s
// (https://erp-hub.example/schemas/<type>.json) and reference shared definitions relatively
// (defs/common.v1.json#/$defs/money), so the `$ref`s resolve to https URLs: a loader maps the
// base of the schema's `$id` onto the schema's folder, and refuses anything else.
func compileSchemaFile(file string) (*jsonschema.Schema, string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, "", err
	}
	f, err := os.Open(abs)
	if err != nil {
		return nil, "", err
	}
	doc, err := jsonschema.UnmarshalJSON(f)
	_ = f.Close()
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", file, err)
	}
	obj, _ := doc.(map[string]any)
	id, _ := obj["$id"].(string)
	title, _ := obj["title"].(string)

	loader := &localLoader{dir: filepath.Dir(abs)}
	loc := abs
	if i := strings.LastIndex(id, "/"); i > 0 {
		loader.base = id[:i+1]
		loc = id
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(loader)
	if err := c.AddResource(loc, doc); err != nil {
		return nil, "", err
	}
	sch, err := c.Compile(loc)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", file, err)
	}
	return sch, title, nil
}

type localLoader struct {
	base string // e.g. https://erp-hub.example/schemas/
	dir  string // the folder of schema_file
}

func (l *localLoader) Load(url string) (any, error) {
	var path string
	switch {
	case l.base != "" && strings.HasPrefix(url, l.base):
		rel := filepath.FromSlash(strings.TrimPrefix(url, l.base))
		path = filepath.Join(l.dir, rel)
		if !strings.HasPrefix(path, l.dir+string(filepath.Separator)) {
			return nil, fmt.Errorf("%s escapes %s", url, l.dir)
		}
	case strings.HasPrefix(url, "file://"):
		return jsonschema.FileLoader{}.Load(url)
	default:
		return nil, fmt.Errorf("not loading %s: only $refs under %q are resolved (from %s), nothing is fetched", url, l.base, l.dir)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

// problemEntry is one entry of the problem's `errors`, as in the hub (apps/api/src/problem).
type problemEntry struct {
	EventID string `json:"eventId,omitempty"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

type rejection struct {
	status int
	slug   string
	title  string
	errors []problemEntry
}

func (r *rejection) Error() string {
	var sb strings.Builder
	sb.WriteString(r.title)
	for i, e := range r.errors {
		if i == 0 {
			sb.WriteString(": ")
		} else {
			sb.WriteString("; ")
		}
		sb.WriteString(e.Path + " " + e.Message)
	}
	return sb.String()
}

func (p *jsonSchemaLite) Process(_ context.Context, msg *service.Message) (service.MessageBatch, error) {
	ev, rej := p.check(msg)
	if rej != nil {
		body, _ := json.Marshal(map[string]any{
			"type":   problemBase + rej.slug,
			"title":  rej.title,
			"status": rej.status,
			"errors": rej.errors,
		})
		msg.SetBytes(body)
		msg.MetaSetMut("http_status", strconv.Itoa(rej.status))
		msg.MetaSetMut("content_type", "application/problem+json")
		msg.SetError(rej)
		return service.MessageBatch{msg}, nil
	}
	msg.MetaSetMut("ce_id", ev["id"])
	msg.MetaSetMut("ce_type", ev["type"])
	msg.MetaSetMut("ce_subject", ev["subject"])
	return service.MessageBatch{msg}, nil
}

func (p *jsonSchemaLite) check(msg *service.Message) (map[string]any, *rejection) {
	body, err := msg.AsBytes()
	if err != nil {
		return nil, &rejection{400, "malformed-request", "Body is not JSON", []problemEntry{{Path: "", Message: err.Error()}}}
	}
	// UnmarshalJSON keeps numbers as json.Number: "integer" is checked on the literal.
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return nil, &rejection{400, "malformed-request", "Body is not JSON", []problemEntry{{Path: "", Message: err.Error()}}}
	}
	ev, ok := doc.(map[string]any)
	if !ok {
		return nil, &rejection{400, "invalid-envelope", "Invalid CloudEvent envelope", []problemEntry{{Path: "", Message: "must be a JSON object (a CloudEvent)"}}}
	}
	eventID, _ := ev["id"].(string)
	if err := p.envelope.Validate(ev); err != nil {
		return nil, &rejection{400, "invalid-envelope", "Invalid CloudEvent envelope", problems(err, "", eventID)}
	}
	if typ := ev["type"].(string); p.eventType != "" && typ != p.eventType {
		return nil, &rejection{422, "unknown-event-type", "Unknown event type", []problemEntry{{
			EventID: eventID, Path: "/type", Message: fmt.Sprintf("this peer accepts only %s", p.eventType),
		}}}
	}
	if err := p.data.Validate(ev["data"]); err != nil {
		return nil, &rejection{422, "schema-violation", "Event data fails its schema", problems(err, "/data", eventID)}
	}
	return ev, nil
}

// problems flattens a validation error into its leaves, worded and placed like the hub's
// toProblems (libs/schema-registry/src/validation-problem.ts): `path` points at the offending
// field itself (a missing or extra property included), one entry per path and message.
func problems(err error, prefix, eventID string) []problemEntry {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []problemEntry{{EventID: eventID, Path: prefix, Message: err.Error()}}
	}
	var out []problemEntry
	seen := map[string]bool{}
	add := func(path, message string) {
		if k := path + "\x00" + message; !seen[k] {
			seen[k] = true
			out = append(out, problemEntry{EventID: eventID, Path: path, Message: message})
		}
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		path := prefix + jsonPointer(e.InstanceLocation)
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			for _, m := range k.Missing {
				add(path+"/"+escapePointer(m), "is required")
			}
		case *kind.AdditionalProperties:
			for _, m := range k.Properties {
				add(path+"/"+escapePointer(m), "is not allowed here")
			}
		case *kind.Format:
			add(path, "must be a valid "+k.Want)
		case *kind.Enum:
			want := make([]string, len(k.Want))
			for i, w := range k.Want {
				b, _ := json.Marshal(w)
				want[i] = string(b)
			}
			add(path, "must be one of "+strings.Join(want, ", "))
		default:
			add(path, e.ErrorKind.LocalizedString(printer))
		}
	}
	walk(ve)
	return out
}

var printer = message.NewPrinter(language.English)

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func jsonPointer(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteString("/" + escapePointer(t))
	}
	return sb.String()
}

func (p *jsonSchemaLite) Close(context.Context) error { return nil }
