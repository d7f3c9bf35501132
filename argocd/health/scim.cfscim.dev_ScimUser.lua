-- Argo CD health check: scim.cfscim.dev/v1alpha1 ScimUser (cloudflare-scim-operator).
-- Generated from argocd/src/health.lua.tmpl and ScimUser.lua.tmpl (docs/testing.md); argocd/argocd-cm.yaml embeds it.
--   being deleted (deprovisioning; says so when a safety rail holds it)  Progressing
--   no status yet, or status older than metadata.generation  Progressing
--   DeprovisionBlocked=True (a safety rail holds a change)  Degraded
--   Ready=False DuplicateUserName / ConfusableUserName / InvalidUserName  Degraded (the declaration must change)
--   Ready=True (Provisioned, Deprovisioned, NotAssigned)    Healthy
--   Ready=False (Pending), anything else                   Progressing
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
  local held = condition(status, "DeprovisionBlocked")
  if is(held, "True") then
    hs.message = "being deleted; its deprovision is held by a safety rail: " .. describe(held)
  else
    hs.message = "being deleted: waiting for its deprovision (finalizer scim.cfscim.dev/deprovision)"
  end
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
local blocked = condition(status, "DeprovisionBlocked")

if is(blocked, "True") then
  hs.status = "Degraded"
  hs.message = describe(blocked) .. " (the change is held until someone acts)"
  return hs
end

-- Nothing converges until someone edits the declaration: another ScimUser declares the same
-- userName, or the userName holds look-alike characters or is no email address.
if is(ready, "False") and (ready.reason == "DuplicateUserName" or ready.reason == "ConfusableUserName"
    or ready.reason == "InvalidUserName") then
  hs.status = "Degraded"
  hs.message = describe(ready)
  return hs
end

if is(ready, "True") then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end

hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "waiting for the Ready condition"
end
return hs
