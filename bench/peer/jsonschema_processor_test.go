package main

// Checks json_schema_lite against the hub's own fixtures (schemas/fixtures/<type>/{valid,invalid}),
// for every type, so the peer accepts and rejects exactly what the hub's ajv does there.
// Run: cd bench/peer && GOTOOLCHAIN=local GOFLAGS=-mod=mod go test ./...

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redpanda-data/benthos/v4/public/service"
)

const schemasDir = "../../schemas"

func envelope(t *testing.T, typ string, data json.RawMessage) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"specversion": "1.0", "id": "evt-1", "source": "urn:hub:test", "type": typ,
		"subject": "FEN-10234", "tenant": "fen", "data": data,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(t *testing.T, p *jsonSchemaLite, body []byte) (status string, out *service.Message) {
	t.Helper()
	res, err := p.Process(context.Background(), service.NewMessage(body))
	if err != nil || len(res) != 1 {
		t.Fatalf("Process: %v, %d messages", err, len(res))
	}
	if res[0].GetError() == nil {
		return "ok", res[0]
	}
	s, _ := res[0].MetaGet("http_status")
	return s, res[0]
}

func TestFixtures(t *testing.T) {
	types, _ := filepath.Glob(filepath.Join(schemasDir, "fixtures", "*"))
	if len(types) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, dir := range types {
		typ := filepath.Base(dir)
		p, err := newJSONSchemaLite(filepath.Join(schemasDir, typ+".json"), true)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		for _, kind := range []string{"valid", "invalid"} {
			files, _ := filepath.Glob(filepath.Join(dir, kind, "*.json"))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				status, out := run(t, p, envelope(t, typ, data))
				name := typ + "/" + kind + "/" + filepath.Base(f)
				if kind == "valid" && status != "ok" {
					b, _ := out.AsBytes()
					t.Errorf("%s rejected: %s", name, b)
				}
				if kind == "invalid" {
					// data that is not an object already fails the envelope (400), as in the hub.
					wantStatus := "422"
					if strings.HasPrefix(filepath.Base(f), "type--root.") {
						wantStatus = "400"
					}
					if status != wantStatus {
						t.Errorf("%s: got %s, want %s", name, status, wantStatus)
						continue
					}
					// File name: <keyword>--<dotted path>.json; the path must be among the problems.
					dotted := strings.TrimSuffix(strings.SplitN(filepath.Base(f), "--", 2)[1], ".json")
					want := "/data"
					if dotted != "root" {
						want += "/" + strings.ReplaceAll(dotted, ".", "/")
					}
					b, _ := out.AsBytes()
					if !strings.Contains(string(b), `"path":"`+want+`"`) {
						t.Errorf("%s: no problem at %s in %s", name, want, b)
					}
				}
			}
		}
	}
}

func TestEnvelope(t *testing.T) {
	typ := "payroll.pay-change.requested.v1"
	p, err := newJSONSchemaLite(filepath.Join(schemasDir, typ+".json"), true)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(schemasDir, "fixtures", typ, "valid", "minimal.json"))
	good := envelope(t, typ, data)
	if s, out := run(t, p, good); s != "ok" {
		t.Fatalf("valid event: %s", s)
	} else if subj, _ := out.MetaGet("ce_subject"); subj != "FEN-10234" {
		t.Fatalf("ce_subject = %q", subj)
	}

	var ev map[string]any
	_ = json.Unmarshal(good, &ev)
	cases := map[string]func(map[string]any){
		"no subject":      func(e map[string]any) { delete(e, "subject") },
		"no tenant":       func(e map[string]any) { delete(e, "tenant") },
		"id not a string": func(e map[string]any) { e["id"] = 42 },
		"specversion 0.3": func(e map[string]any) { e["specversion"] = "0.3" },
		"data not object": func(e map[string]any) { e["data"] = "x" },
	}
	for name, mutate := range cases {
		e := map[string]any{}
		for k, v := range ev {
			e[k] = v
		}
		mutate(e)
		b, _ := json.Marshal(e)
		if s, _ := run(t, p, b); s != "400" {
			t.Errorf("%s: got %s, want 400", name, s)
		}
	}
	if s, _ := run(t, p, []byte("{not json")); s != "400" {
		t.Errorf("malformed: got %s, want 400", s)
	}
	other := envelope(t, "hr.employee.left.v1", data)
	if s, _ := run(t, p, other); s != "422" {
		t.Errorf("other type: got %s, want 422", s)
	}
}
