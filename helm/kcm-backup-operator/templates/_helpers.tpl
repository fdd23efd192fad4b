{{/* Name of the chart, overridable. */}}
{{- define "kcm-backup.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "kcm-backup.fullname" -}}
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

{{/* Labels on every object. */}}
{{- define "kcm-backup.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "kcm-backup.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: kcm
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods. */}}
{{- define "kcm-backup.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kcm-backup.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Namespace where Velero runs and where the operator writes. */}}
{{- define "kcm-backup.systemNamespace" -}}
{{- default .Release.Namespace .Values.systemNamespace }}
{{- end }}

{{- define "kcm-backup.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kcm-backup.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator image: the native executable by default, the JVM build with image.flavor=jvm ("-jvm" tag). */}}
{{- define "kcm-backup.image" -}}
{{- if not (has .Values.image.flavor (list "native" "jvm")) }}
{{- fail (printf "image.flavor must be native or jvm, not %q" (toString .Values.image.flavor)) }}
{{- end }}
{{- $tag := default (ternary (printf "%s-jvm" .Chart.AppVersion) .Chart.AppVersion (eq .Values.image.flavor "jvm")) .Values.image.tag }}
{{- if .Values.image.registry }}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "kcm-backup.webhookTlsSecret" -}}
{{- default (printf "%s-webhook-tls" (include "kcm-backup.fullname" .)) .Values.upgradeGate.tlsSecretName }}
{{- end }}

{{- define "kcm-backup.webhookCertificate" -}}
{{- printf "%s-webhook" (include "kcm-backup.fullname" .) }}
{{- end }}
