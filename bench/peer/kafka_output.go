package main

// kafka_franz_lite: a minimal Kafka batch output on franz-go.
//
// Why a plugin: the open Benthos core has no Kafka output (kafka / kafka_franz live in Redpanda
// Connect, which is not open source). It produces like the hub's producer
// (libs/kafka/src/kafkajs/kafkajs-producer.ts): idempotent, acks from all in-sync replicas, no
// compression, no artificial linger. WriteBatch returns only once every record of the batch is
// acknowledged, so the http_server input answers only after Kafka's ack.
//
// It never creates topics: Connect fails (and Benthos keeps retrying it, logging the error) while
// the topic is missing, and the client never asks the broker to auto-create one.

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redpanda-data/benthos/v4/public/service"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

func init() {
	spec := service.NewConfigSpec().
		Beta().
		Summary("Writes each message to one Kafka topic with franz-go: idempotent producer, acks=all.").
		Field(service.NewStringListField("seed_brokers").
			Description("Brokers to bootstrap from; entries may hold comma-separated lists.").
			Example([]string{"127.0.0.1:9092"})).
		Field(service.NewStringField("topic").
			Description("The topic; it must exist (it is never created).")).
		Field(service.NewInterpolatedStringField("key").
			Description("The record key; empty = no key.").
			Default("")).
		Field(service.NewStringEnumField("compression", "none", "snappy", "lz4", "zstd", "gzip").
			Description("Batch compression; the hub produces uncompressed.").
			Default("none")).
		Field(service.NewDurationField("linger").
			Description("How long a partition waits for more records before a produce request is built. 0 = the hub's behaviour: records arriving while a request is in flight go out together in the next one.").
			Default("0s")).
		Field(service.NewDurationField("delivery_timeout").
			Description("A record not acknowledged within this time fails (the http_server then answers 502). 0 = retry forever.").
			Default("15s")).
		Field(service.NewOutputMaxInFlightField().
			Description("Batches written concurrently. Each HTTP request is its own message, so this bounds the requests waiting for Kafka at once; franz-go merges their records into shared produce requests.")).
		Field(service.NewBatchPolicyField("batching"))

	err := service.RegisterBatchOutput("kafka_franz_lite", spec,
		func(conf *service.ParsedConfig, mgr *service.Resources) (out service.BatchOutput, pol service.BatchPolicy, maxInFlight int, err error) {
			if maxInFlight, err = conf.FieldMaxInFlight(); err != nil {
				return
			}
			if pol, err = conf.FieldBatchPolicy("batching"); err != nil {
				return
			}
			out, err = newKafkaFranzLite(conf, mgr)
			return
		})
	if err != nil {
		panic(err)
	}
}

type kafkaFranzLite struct {
	opts   []kgo.Opt
	topic  string
	key    *service.InterpolatedString
	hasKey bool
	log    *service.Logger
	// Written by Connect/Close, read by concurrent WriteBatch calls (max_in_flight).
	client atomic.Pointer[kgo.Client]
}

func newKafkaFranzLite(conf *service.ParsedConfig, mgr *service.Resources) (*kafkaFranzLite, error) {
	brokerList, err := conf.FieldStringList("seed_brokers")
	if err != nil {
		return nil, err
	}
	var brokers []string
	for _, b := range brokerList {
		for _, s := range strings.Split(b, ",") {
			if s = strings.TrimSpace(s); s != "" {
				brokers = append(brokers, s)
			}
		}
	}
	if len(brokers) == 0 {
		return nil, fmt.Errorf("seed_brokers is empty")
	}
	k := &kafkaFranzLite{log: mgr.Logger()}
	if k.topic, err = conf.FieldString("topic"); err != nil {
		return nil, err
	}
	if k.topic == "" {
		return nil, fmt.Errorf("topic is empty (PEER_TOPIC not set?)")
	}
	if k.key, err = conf.FieldInterpolatedString("key"); err != nil {
		return nil, err
	}
	keyStr, _ := conf.FieldString("key")
	k.hasKey = keyStr != ""

	compression, err := conf.FieldString("compression")
	if err != nil {
		return nil, err
	}
	codec := map[string]kgo.CompressionCodec{
		"none": kgo.NoCompression(), "snappy": kgo.SnappyCompression(), "lz4": kgo.Lz4Compression(),
		"zstd": kgo.ZstdCompression(), "gzip": kgo.GzipCompression(),
	}[compression]
	linger, err := conf.FieldDuration("linger")
	if err != nil {
		return nil, err
	}
	deliveryTimeout, err := conf.FieldDuration("delivery_timeout")
	if err != nil {
		return nil, err
	}

	k.opts = []kgo.Opt{
		kgo.SeedBrokers(brokers...),
		kgo.DefaultProduceTopic(k.topic),
		// acks=all. Idempotence is franz-go's default (DisableIdempotentWrite is not set); with it
		// franz-go keeps up to 5 produce requests in flight per broker, in order.
		kgo.RequiredAcks(kgo.AllISRAcks()),
		kgo.ProducerBatchCompression(codec),
		kgo.ProducerLinger(linger),
		// A missing topic fails the records after one metadata retry instead of four; the broker
		// is never asked to auto-create it (kgo.AllowAutoTopicCreation is not set).
		kgo.UnknownTopicRetries(1),
	}
	if deliveryTimeout > 0 {
		k.opts = append(k.opts, kgo.RecordDeliveryTimeout(deliveryTimeout))
	}
	return k, nil
}

func (k *kafkaFranzLite) Connect(ctx context.Context) error {
	if k.client.Load() != nil {
		return nil
	}
	client, err := kgo.NewClient(k.opts...)
	if err != nil {
		return err
	}
	if err := checkTopic(ctx, client, k.topic); err != nil {
		client.Close()
		return err
	}
	k.client.Store(client)
	return nil
}

// checkTopic asks for the topic's metadata (without auto-creation) so that a missing topic is a
// clear connection error rather than records failing one by one.
func checkTopic(ctx context.Context, client *kgo.Client, topic string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req := kmsg.NewPtrMetadataRequest()
	t := kmsg.NewMetadataRequestTopic()
	t.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, t)
	req.AllowAutoTopicCreation = false
	resp, err := req.RequestWith(ctx, client)
	if err != nil {
		return fmt.Errorf("kafka metadata request failed: %w", err)
	}
	for _, rt := range resp.Topics {
		if rt.Topic != nil && *rt.Topic == topic {
			if err := kerr.ErrorForCode(rt.ErrorCode); err != nil {
				return fmt.Errorf("topic %q: %w (this peer never creates topics: create it first)", topic, err)
			}
			return nil
		}
	}
	return fmt.Errorf("topic %q not in the metadata answer (this peer never creates topics: create it first)", topic)
}

func (k *kafkaFranzLite) WriteBatch(ctx context.Context, batch service.MessageBatch) error {
	client := k.client.Load()
	if client == nil {
		return service.ErrNotConnected
	}
	records := make([]*kgo.Record, len(batch))
	for i, msg := range batch {
		value, err := msg.AsBytes()
		if err != nil {
			return err
		}
		r := &kgo.Record{Value: value} // topic: DefaultProduceTopic
		if k.hasKey {
			if r.Key, err = batch.TryInterpolatedBytes(i, k.key); err != nil {
				return fmt.Errorf("key interpolation: %w", err)
			}
		}
		records[i] = r
	}
	// ProduceSync returns when every record is acknowledged (acks=all) or has failed; only the
	// failed messages are nacked. Results come in completion order, hence the index lookup.
	results := client.ProduceSync(ctx, records...)
	var batchErr *service.BatchError
	for _, res := range results {
		if res.Err == nil {
			continue
		}
		if batchErr == nil {
			batchErr = service.NewBatchError(batch, fmt.Errorf("kafka produce to %s: %w", k.topic, res.Err))
		}
		for i, r := range records {
			if r == res.Record {
				batchErr.Failed(i, res.Err)
			}
		}
	}
	if batchErr != nil {
		return batchErr
	}
	return nil
}

func (k *kafkaFranzLite) Close(context.Context) error {
	if client := k.client.Swap(nil); client != nil {
		client.Close() // nothing to flush: WriteBatch returns only once its records are settled
	}
	return nil
}
