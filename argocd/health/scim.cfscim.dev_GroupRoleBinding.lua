-- Argo CD health check: scim.cfscim.dev/v1alpha1 GroupRoleBinding (cloudflare-scim-operator).
-- Generated from argocd/src/health.lua.tmpl and GroupRoleBinding.lua.tmpl (docs/testing.md); argocd/argocd-cm.yaml embeds it.
--   being deleted                                          Progressing
--   no status yet, or status older than metadata.generation  Progressing
--   Ready=False UnknownRole | DomainScopedRole | MembersNotAssigned  Degraded
--   Ready or Synced False RateLimited | RequestBudgetExhausted | Unreachable (retried)  Progressing
--   Ready or Synced False any other reason (InvalidCredentials,
--     SecretNotFound, InvalidSpec, ReconcileError)         Degraded
--   Ready=True                                             Healthy
--   anything else                                          Progressing
local hs = {}

local function condition(status, name)
  if type(status) ~= "table" or type(status.conditions) ~= "table" then
    return nil
  end
  for i = 1, #status.conditions do
    local c = status.conditions[i]
    if type(c) == "table" and c.type == name then
      return c
    end
  end
  return nil
end

local function is(c, value)
  return c ~= nil and c.status == value
end

local function describe(c)
  if c == nil then
    return ""
  end
  local text = c.reason or c.type or ""
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

local function stale(metadata, status)
  local generation = metadata.generation
  if generation == nil then
    return false
  end
  if status.observedGeneration == nil or status.observedGeneration < generation then
    return true
  end
  for i = 1, #status.conditions do
    local c = status.conditions[i]
    if type(c) == "table" and c.observedGeneration ~= nil and c.observedGeneration < generation then
      return true
    end
  end
  return false
end

local metadata = obj.metadata or {}
local status = obj.status

if metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "being deleted"
  return hs
end

if type(status) ~= "table" or type(status.conditions) ~= "table" or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "waiting for the controller: no status yet (a ScimApp in this namespace writes it)"
  return hs
end

if stale(metadata, status) then
  hs.status = "Progressing"
  hs.message = "waiting for the controller to observe generation " .. tostring(metadata.generation)
  return hs
end

local ready = condition(status, "Ready")
local synced = condition(status, "Synced")
local drifted = condition(status, "Drifted")

if is(ready, "False") and (ready.reason == "UnknownRole" or ready.reason == "DomainScopedRole"
    or ready.reason == "MembersNotAssigned") then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

local failed = nil
if is(ready, "False") and ready.reason ~= "Reconciling" then
  failed = ready
end
if is(synced, "False") then
  failed = synced
end
if failed ~= nil then
  if failed.reason == "RateLimited" or failed.reason == "RequestBudgetExhausted" or failed.reason == "Unreachable" then
    hs.status = "Progressing"
    hs.message = "retrying: " .. describe(failed)
  else
    hs.status = "Degraded"
    hs.message = describe(failed)
  end
  return hs
end

if is(ready, "True") then
  hs.status = "Healthy"
  hs.message = describe(ready)
  if is(drifted, "True") then
    hs.message = hs.message .. "; " .. describe(drifted) .. " (see the ScimApp)"
  end
  return hs
end

hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "waiting for the Ready condition"
end
return hs
