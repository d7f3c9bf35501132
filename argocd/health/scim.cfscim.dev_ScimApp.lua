-- Argo CD health check: scim.cfscim.dev/v1alpha1 ScimApp (cloudflare-scim-operator).
-- Generated from argocd/src/health.lua.tmpl and ScimApp.lua.tmpl (docs/testing.md); argocd/argocd-cm.yaml embeds it.
--   being deleted                                          Progressing
--   no status yet, or status older than metadata.generation  Progressing
--   Synced=False RateLimited | RequestBudgetExhausted | Unreachable (retried)        Progressing
--   Synced=False any other reason                          Degraded
--   DeprovisionBlocked=True (a safety rail holds a change)  Degraded
--   Synced reason ReconcilePaused (managementPolicy Observe)  Suspended
--   Ready=True                                             Healthy
--   Ready=False, Synced=True, Drifted=True: changes held by
--     policy (driftPolicy Report, a provisioning switch off) Suspended
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
local spec = obj.spec or {}
local status = obj.status

if metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  local blocked = condition(status, "DeprovisionBlocked")
  if is(blocked, "True") then
    hs.message = "being deleted; its members' deprovision is held by a safety rail: " .. describe(blocked)
  else
    hs.message = "being deleted (deletionPolicy " .. (spec.deletionPolicy or "Orphan") .. ")"
  end
  return hs
end

if type(status) ~= "table" or type(status.conditions) ~= "table" or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "waiting for the controller: no status yet"
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
local blocked = condition(status, "DeprovisionBlocked")

if is(synced, "False") then
  if synced.reason == "RateLimited" or synced.reason == "RequestBudgetExhausted" or synced.reason == "Unreachable" then
    hs.status = "Progressing"
    hs.message = "retrying: " .. describe(synced)
  else
    hs.status = "Degraded"
    hs.message = describe(synced)
  end
  return hs
end

if is(blocked, "True") then
  hs.status = "Degraded"
  hs.message = describe(blocked) .. " (the change is held until someone acts)"
  return hs
end

if synced ~= nil and synced.reason == "ReconcilePaused" then
  hs.status = "Suspended"
  if is(ready, "True") then
    hs.message = "managementPolicy is Observe: nothing is written; Cloudflare matches the declaration"
  elseif is(drifted, "True") then
    hs.message = "managementPolicy is Observe: nothing is written; " .. (drifted.message or "drift detected")
  else
    hs.message = "managementPolicy is Observe: nothing is written"
  end
  return hs
end

if is(ready, "True") then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

if is(ready, "False") and is(synced, "True") and is(drifted, "True") then
  hs.status = "Suspended"
  hs.message = "changes held by policy (driftPolicy " .. (spec.driftPolicy or "Correct")
      .. ", or a provisioning switch is off): " .. (drifted.message or "drift detected")
  return hs
end

hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "waiting for the Ready condition"
end
return hs
