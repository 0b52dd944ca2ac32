{{/* The chart's name, or nameOverride. */}}
{{- define "catalog.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's resource name prefix: fullnameOverride, else <release>-<chart> (only <release> when it
already contains the chart's name). 52 characters leave room for the longest suffix ("-workers")
and the Deployment's pod-name hashes.
*/}}
{{- define "catalog.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "catalog.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource; call with (dict "ctx" $ "component" "api"), component optional. */}}
{{- define "catalog.labels" -}}
helm.sh/chart: {{ include "catalog.chart" .ctx }}
{{ include "catalog.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: catalog-platform
{{- end }}

{{/* The labels a selector matches: never change them, a Deployment's selector is immutable. */}}
{{- define "catalog.selectorLabels" -}}
app.kubernetes.io/name: {{ include "catalog.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* The Secret holding db-password, ops-admin-token and ops-read-token. */}}
{{- define "catalog.secretName" -}}
{{- default (include "catalog.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* image reference of a component's values (api or workers). */}}
{{- define "catalog.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/*
The external endpoints, each required: the chart deploys none of these servers. The ConfigMap and
the migration Job (a pre-install hook, so it cannot read the ConfigMap) both render them.
*/}}
{{- define "catalog.endpointEnv" -}}
DB_URL: {{ required "external.postgres.url is required (DB_URL, e.g. jdbc:postgresql://postgres:5432/platform)" .Values.external.postgres.url | quote }}
DB_USER: {{ required "external.postgres.user is required (DB_USER)" .Values.external.postgres.user | quote }}
KAFKA_BOOTSTRAP: {{ required "external.kafka.bootstrap is required (KAFKA_BOOTSTRAP, e.g. kafka:9092)" .Values.external.kafka.bootstrap | quote }}
ES_URL: {{ required "external.elasticsearch.url is required (ES_URL, e.g. http://elasticsearch:9200)" .Values.external.elasticsearch.url | quote }}
TEMPORAL_TARGET: {{ required "external.temporal.target is required (TEMPORAL_TARGET, e.g. temporal-frontend:7233)" .Values.external.temporal.target | quote }}
TEMPORAL_NAMESPACE: {{ required "external.temporal.namespace is required (TEMPORAL_NAMESPACE)" .Values.external.temporal.namespace | quote }}
PLATFORM_NAME_PREFIX: {{ .Values.namePrefix | quote }}
{{- end }}

{{/* An ops token of values: required, and in the shape the API accepts (OpsToken), checked here so a
bad one fails the release instead of every API pod's start. Call with (dict "key" "opsAdminToken"
"value" ...). */}}
{{- define "catalog.opsToken" -}}
{{- $token := required (printf "secrets.%s is required (16+ characters), or set secrets.existingSecret" .key) .value }}
{{- if not (regexMatch "^[^${}\\s]{16,}$" $token) }}
{{- fail (printf "secrets.%s must be at least 16 characters without ${, } or spaces" .key) }}
{{- end }}
{{- $token | b64enc }}
{{- end }}

{{/* The pod-level security context both processes and the Job share. */}}
{{- define "catalog.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The container security context: the images' user 10001, nothing to escalate to, only /tmp
writable (an emptyDir: the JVM's perf data, the native libraries gRPC's Netty unpacks). */}}
{{- define "catalog.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}
