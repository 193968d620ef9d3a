// hub-peer: the open Benthos core (github.com/redpanda-data/benthos/v4, MIT) plus two small
// plugins, built as the benchmark's reference peer for the hub's ingest path:
//
//	POST /v1/events -> json_schema_lite (envelope + canonical schema of `data`)
//	                -> kafka_franz_lite (acks=all, idempotent) -> 202 once Kafka acknowledged
//
// Only the core's `pure` (processors, bloblang, sync_response) and `io` (http_server) component
// sets are linked: Redpanda Connect (github.com/redpanda-data/connect) is deliberately not used,
// its licence is not open source, which is why the Kafka output and the JSON Schema check are
// written here as plugins (kafka_output.go, jsonschema_processor.go).
package main

import (
	"context"

	_ "github.com/redpanda-data/benthos/v4/public/components/io"
	_ "github.com/redpanda-data/benthos/v4/public/components/pure"
	"github.com/redpanda-data/benthos/v4/public/service"
)

func main() {
	// Plugins register themselves in init() (see the other files of this package).
	service.RunCLI(context.Background(),
		service.CLIOptSetBinaryName("hub-peer"),
		service.CLIOptSetProductName("hub-peer (Benthos core + kafka_franz_lite + json_schema_lite)"),
	)
}
