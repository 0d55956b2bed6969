-- wrk script: every request is a POST of one JSON webhook of exactly BODY_BYTES bytes
-- (default 2048), Content-Type application/json, keep-alive (wrk's default).
-- The shape imitates a provider's webhook; the padding field makes up the size.

local size = tonumber(os.getenv("BODY_BYTES") or "2048")

local head = '{"id":"evt_01HZX3M4Q8K2V7T9","type":"employee.updated","created_at":"2025-01-01T00:00:00Z",' ..
    '"account_id":"acct_7f3c2a","data":{"employee_id":"emp_42","first_name":"Ada","last_name":"Lovelace",' ..
    '"department":"Engineering","status":"active","changed_fields":["department","title"]},"padding":"'
local tail = '"}'

local fill = size - #head - #tail
if fill < 0 then
    error("BODY_BYTES=" .. size .. " is smaller than the fixed part of the body (" .. (#head + #tail) .. " bytes)")
end

wrk.method = "POST"
wrk.body = head .. string.rep("x", fill) .. tail
wrk.headers["Content-Type"] = "application/json"
assert(#wrk.body == size)
