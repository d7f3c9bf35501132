{{/* The chart's name. */}}
{{- define "cfscim.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name of the release's resources: release-chart, or the release name when it already holds the chart's name. */}}
{{- define "cfscim.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cfscim.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "cfscim.labels" -}}
helm.sh/chart: {{ include "cfscim.chart" . }}
{{ include "cfscim.selectorLabels" . }}
app.kubernetes.io/version: {{ default .Chart.AppVersion .Values.image.tag | toString | trunc 63 | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: cloudflare-scim-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods. */}}
{{- define "cfscim.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cfscim.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cfscim.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cfscim.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when more than one replica runs: they elect a leader through a Lease. */}}
{{- define "cfscim.leaderElection" -}}
{{- if gt (int .Values.replicas) 1 }}true{{ end }}
{{- end }}

{{/*
The permissions the operator needs in each namespace it watches (all of them in cluster mode), and
nothing more. JOSDK adds and removes its finalizer on ScimApps and patches their status; the operator
keeps a finalizer on each ScimUser, patches the status of users, groups and bindings, reads the token
Secret through an informer, and records events.
*/}}
{{- define "cfscim.operatorRules" -}}
# Exactly the verbs the operator sends (ApiUsageRbacTest records them through a whole lifecycle):
# informers list and watch; finalizers are patched (a stale cache reads the object first); statuses
# are patched, never read or replaced.
- apiGroups: ["scim.cfscim.dev"]
  resources: ["scimapps", "scimusers"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["scim.cfscim.dev"]
  resources: ["scimgroups", "grouprolebindings"]
  verbs: ["list", "watch"]
- apiGroups: ["scim.cfscim.dev"]
  resources: ["scimapps/status", "scimusers/status", "scimgroups/status", "grouprolebindings/status"]
  verbs: ["patch"]
# Secrets: RBAC cannot select by label, but the operator's Secret informer lists and watches only
# Secrets labelled scim.cfscim.dev/token=true, so no other Secret is ever listed, cached or read.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* The operator's image: repository@digest when a digest is given (the tag is then ignored), else repository:tag. */}}
{{- define "cfscim.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%v" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Fails on an extraArgs entry naming a flag that one of the chart's values sets: picocli refuses an option
given twice, so the pod would crash-loop; better to fail the install and name the value to set.
*/}}
{{- define "cfscim.checkExtraArgs" -}}
{{- $byValue := dict "--http-port" "metrics.port" "--namespaces" "watchNamespaces" "--leader-election" "replicas"
      "--lease-name" "replicas" "--lease-namespace" "replicas" "--log-level" "logLevel" "--log-format" "logFormat"
      "--allowed-endpoint-hosts" "allowedEndpointHosts" "--default-resync-interval" "defaults.resyncInterval"
      "--default-request-budget-requests" "defaults.requestBudget.requests"
      "--default-request-budget-per" "defaults.requestBudget.per"
      "--default-request-budget-headroom" "defaults.requestBudget.headroom" }}
{{- range .Values.extraArgs }}
{{- $flag := first (splitList "=" (toString .)) }}
{{- if hasKey $byValue $flag }}
{{- fail (printf "extraArgs: %s is set by the chart's value %s; set that value instead" $flag (get $byValue $flag)) }}
{{- end }}
{{- end }}
{{- end }}
