{{/* The hub's four roles, each a Deployment of the one image. */}}
{{- define "erp-hub.roles" -}}
api router worker gateway
{{- end -}}

{{- define "erp-hub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "erp-hub.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A role's resources: <fullname>-<role>. Call with (dict "root" $ "role" "api"). */}}
{{- define "erp-hub.roleName" -}}
{{- printf "%s-%s" (include "erp-hub.fullname" .root | trunc 55 | trimSuffix "-") .role -}}
{{- end -}}

{{- define "erp-hub.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "erp-hub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: erp-hub
{{- end -}}

{{/* Selector labels of one role (dict "root" $ "role" "api"). */}}
{{- define "erp-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "erp-hub.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "erp-hub.roleLabels" -}}
{{ include "erp-hub.labels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "erp-hub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "erp-hub.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "erp-hub.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "erp-hub.landscapeConfigMap" -}}
{{- if .Values.landscape.json -}}
{{- printf "%s-landscape" (include "erp-hub.fullname" .) -}}
{{- else -}}
{{- required "landscape.json (--set-file landscape.json=FILE) or landscape.existingConfigMap must name the landscape file" .Values.landscape.existingConfigMap -}}
{{- end -}}
{{- end -}}

{{- define "erp-hub.landscapePath" -}}
/etc/erp-hub/landscape/{{ .Values.landscape.key }}
{{- end -}}

{{/* A Secret reference by name and key: `valueFrom` of one variable. Call with (dict "ref" .Values.x "what" "x"). */}}
{{- define "erp-hub.secretKeyRef" -}}
valueFrom:
  secretKeyRef:
    name: {{ required (printf "%s.secretName must name an existing Secret" .what) .ref.secretName | quote }}
    key: {{ required (printf "%s.secretKey must name a key of %s" .what .ref.secretName) .ref.secretKey | quote }}
{{- end -}}

{{/*
The stores' and the secrets' variables of one role (dict "root" $ "role" "api"): references only,
never values. Every role gets the ledger's URL (the gateway's drop-directory lock may live there;
a process that does not use the ledger never connects); only the API serves the dashboard.
*/}}
{{- define "erp-hub.secretEnv" -}}
{{- $v := .root.Values -}}
- name: DATABASE_URL
  {{- include "erp-hub.secretKeyRef" (dict "ref" $v.postgresql.url "what" "postgresql.url") | nindent 2 }}
{{- if eq $v.redis.mode "single" }}
- name: REDIS_URL
  {{- include "erp-hub.secretKeyRef" (dict "ref" $v.redis.url "what" "redis.url") | nindent 2 }}
{{- else if and (eq $v.redis.mode "cluster") $v.redis.cluster.auth.secretName }}
- name: REDIS_URL
  {{- include "erp-hub.secretKeyRef" (dict "ref" $v.redis.cluster.auth "what" "redis.cluster.auth") | nindent 2 }}
{{- else if ne $v.redis.mode "cluster" }}
{{- fail (printf "redis.mode must be single or cluster, got %q" $v.redis.mode) }}
{{- end }}
{{- if eq .role "api" }}
- name: DASHBOARD_SECRET
  {{- include "erp-hub.secretKeyRef" (dict "ref" $v.dashboardSecret "what" "dashboardSecret") | nindent 2 }}
{{- end }}
{{- if $v.tracing.headers.secretName }}
- name: OTEL_EXPORTER_OTLP_HEADERS
  {{- include "erp-hub.secretKeyRef" (dict "ref" $v.tracing.headers "what" "tracing.headers") | nindent 2 }}
{{- end }}
{{- range $v.landscape.credentials }}
- name: {{ required "landscape.credentials[].name" .name }}
  {{- include "erp-hub.secretKeyRef" (dict "ref" . "what" (printf "landscape.credentials %s" .name)) | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Volumes the CA bundle needs, and its mount; empty when none is configured. */}}
{{- define "erp-hub.caVolume" -}}
{{- $ca := .Values.caBundle -}}
{{- if $ca.configMapName }}
- name: ca-bundle
  configMap:
    name: {{ $ca.configMapName | quote }}
    items: [{ key: {{ $ca.key | quote }}, path: ca.crt }]
{{- else if $ca.secretName }}
- name: ca-bundle
  secret:
    secretName: {{ $ca.secretName | quote }}
    items: [{ key: {{ $ca.key | quote }}, path: ca.crt }]
{{- end }}
{{- end -}}

{{- define "erp-hub.caMount" -}}
{{- if or .Values.caBundle.configMapName .Values.caBundle.secretName }}
- name: ca-bundle
  mountPath: /etc/erp-hub/ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "erp-hub.caEnv" -}}
{{- if or .Values.caBundle.configMapName .Values.caBundle.secretName }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/erp-hub/ca/ca.crt
{{- end }}
{{- end -}}

{{- define "erp-hub.sharedClaim" -}}
{{- default (printf "%s-files" (include "erp-hub.fullname" .)) .Values.sharedFiles.existingClaim -}}
{{- end -}}

{{/* Whether a role mounts the shared files volume ("true" or ""). */}}
{{- define "erp-hub.mountsShared" -}}
{{- if and .root.Values.sharedFiles.enabled (has .role .root.Values.sharedFiles.roles) -}}true{{- end -}}
{{- end -}}

{{/* The settings ConfigMap's data: every role's settings environment but its own role and port. */}}
{{- define "erp-hub.settingsData" -}}
{{- $v := .Values -}}
HOST: "0.0.0.0"
KAFKA_BROKERS: {{ required "kafka.brokers (host:port,…) is required" $v.kafka.brokers | quote }}
KAFKA_CLIENT_ID: {{ $v.kafka.clientId | quote }}
KAFKA_TOPIC_PARTITIONS: {{ $v.kafka.topicPartitions | toString | quote }}
KAFKA_TOPIC_PREFIX: {{ $v.kafka.topicPrefix | quote }}
KAFKA_PRODUCER: {{ $v.kafka.producer | quote }}
ROUTER_GROUP_ID: {{ $v.kafka.routerGroupId | quote }}
REDIS_PREFIX: {{ $v.redis.prefix | quote }}
{{- if eq $v.redis.mode "cluster" }}
REDIS_CLUSTER_NODES: {{ required "redis.cluster.nodes (host:port,…) is required with redis.mode cluster" $v.redis.cluster.nodes | quote }}
{{- end }}
LEDGER_SCHEMA: {{ $v.postgresql.schema | quote }}
LEDGER_RETENTION_DAYS: {{ $v.postgresql.retentionDays | toString | quote }}
HUB_CONFIG: {{ include "erp-hub.landscapePath" . | quote }}
HUB_URL: {{ printf "http://%s:%v" (include "erp-hub.roleName" (dict "root" . "role" "api")) $v.api.service.port | quote }}
GATEWAY_PORT: {{ $v.ports.webhooks | toString | quote }}
{{- if $v.tracing.endpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ $v.tracing.endpoint | quote }}
{{- end }}
{{- range $name, $value := $v.settings }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}
