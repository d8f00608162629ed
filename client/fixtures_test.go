package client_test

// Small documents shaped like the DIDWW v3 reference responses (same
// attribute, relationship and meta names), with made-up ids and values.

const countriesDoc = `{
  "data": [
    {"id": "c-us", "type": "countries", "attributes": {"name": "United States", "prefix": "1", "iso": "US"},
     "relationships": {"regions": {"links": {"related": "http://x/v3/countries/c-us/regions"}}}},
    {"id": "c-gb", "type": "countries", "attributes": {"name": "United Kingdom", "prefix": "44", "iso": "GB"}}
  ],
  "meta": {"total_records": 2, "api_version": "2026-04-16"},
  "links": {"first": "http://x/v3/countries?page%5Bnumber%5D=1", "next": "http://x/v3/countries?page%5Bnumber%5D=2"}
}`

const regionsDoc = `{
  "data": [{"id": "r-ab", "type": "regions", "attributes": {"name": "Alberta", "iso": "CA-AB"},
    "relationships": {"country": {"data": {"type": "countries", "id": "c-ca"}}}}],
  "included": [{"id": "c-ca", "type": "countries", "attributes": {"name": "Canada", "prefix": "1", "iso": "CA"}}],
  "meta": {"total_records": "1"}
}`

const citiesDoc = `{
  "data": [{"id": "ci-la", "type": "cities", "attributes": {"name": "Los Angeles"},
    "relationships": {
      "country": {"data": {"type": "countries", "id": "c-us"}},
      "region": {"data": {"type": "regions", "id": "r-ca"}},
      "area": {"data": null}
    }}],
  "included": [
    {"id": "c-us", "type": "countries", "attributes": {"name": "United States", "prefix": "1", "iso": "US"}},
    {"id": "r-ca", "type": "regions", "attributes": {"name": "California"},
     "relationships": {"country": {"data": {"type": "countries", "id": "c-us"}}}}
  ],
  "meta": {"total_records": 1}
}`

const areasDoc = `{
  "data": [{"id": "a-tu", "type": "areas", "attributes": {"name": "Tuscany"},
    "relationships": {"country": {"data": {"type": "countries", "id": "c-it"}}}}],
  "included": [{"id": "c-it", "type": "countries", "attributes": {"name": "Italy", "prefix": "39", "iso": "IT"}}]
}`

const nanpaDoc = `{
  "data": [{"id": "np-1", "type": "nanpa_prefixes", "attributes": {"npa": "213", "nxx": "555"},
    "relationships": {"country": {"data": {"type": "countries", "id": "c-us"}}, "region": {"links": {}}}}],
  "meta": {"total_records": 4330}
}`

const groupTypesDoc = `{
  "data": [{"id": "t-local", "type": "did_group_types", "attributes": {"name": "Local"}},
           {"id": "t-tf", "type": "did_group_types", "attributes": {"name": "Toll-free"}}],
  "meta": {"total_records": 2}
}`

const didGroupsWithSKUs = `{
  "data": [{
    "id": "g-la", "type": "did_groups",
    "attributes": {"prefix": "213", "local_prefix": "", "features": ["voice_in", "sms_in"], "is_metered": false,
      "area_name": "Los Angeles", "allow_additional_channels": true, "service_restrictions": "ID required"},
    "relationships": {
      "country": {"data": {"type": "countries", "id": "c-us"}},
      "city": {"data": {"type": "cities", "id": "ci-la"}},
      "did_group_type": {"data": {"type": "did_group_types", "id": "t-local"}},
      "stock_keeping_units": {"data": [
        {"type": "stock_keeping_units", "id": "sku-0"}, {"type": "stock_keeping_units", "id": "sku-2"}]}
    },
    "meta": {"available_dids_enabled": true, "needs_registration": true, "is_available": true, "total_count": 37}
  }],
  "included": [
    {"id": "sku-0", "type": "stock_keeping_units", "attributes": {"setup_price": "0.0", "monthly_price": "0.30", "channels_included_count": 0}},
    {"id": "sku-2", "type": "stock_keeping_units", "attributes": {"setup_price": "1.50", "monthly_price": "2.10", "channels_included_count": 2}},
    {"id": "t-local", "type": "did_group_types", "attributes": {"name": "Local"}}
  ],
  "meta": {"total_records": 1, "api_version": "2026-04-16"}
}`

const didGroupOne = `{
  "data": {"id": "g-1", "type": "did_groups",
    "attributes": {"prefix": "77", "features": ["voice_in"], "area_name": "National", "service_restrictions": null},
    "relationships": {"stock_keeping_units": {"links": {"related": "http://x"}}},
    "meta": {"available_dids_enabled": false, "needs_registration": false, "is_available": false, "total_count": 0}},
  "meta": {"api_version": "2022-05-10"}
}`

const availableDIDsDoc = `{
  "data": [
    {"id": "ad-1", "type": "available_dids", "attributes": {"number": "12135550101"},
     "relationships": {"did_group": {"data": {"type": "did_groups", "id": "g-la"}}}},
    {"id": "ad-2", "type": "available_dids", "attributes": {"number": "12135550102"},
     "relationships": {"did_group": {"data": {"type": "did_groups", "id": "g-la"}}}}
  ],
  "included": [
    {"id": "g-la", "type": "did_groups", "attributes": {"prefix": "213", "area_name": "Los Angeles"},
     "relationships": {"stock_keeping_units": {"data": [
       {"type": "stock_keeping_units", "id": "sku-0"}, {"type": "stock_keeping_units", "id": "sku-2"}]}},
     "meta": {"available_dids_enabled": true, "is_available": true, "total_count": 82}},
    {"id": "sku-0", "type": "stock_keeping_units", "attributes": {"setup_price": "0.0", "monthly_price": "0.09", "channels_included_count": 0}},
    {"id": "sku-2", "type": "stock_keeping_units", "attributes": {"setup_price": "0.0", "monthly_price": "0.19", "channels_included_count": 2}}
  ],
  "meta": {"total_count": 40, "api_version": "2026-04-16"}
}`

const availableDIDOne = `{
  "data": {"id": "ad-9", "type": "available_dids", "attributes": {"number": "441632960001"},
    "relationships": {"did_group": {"links": {"related": "http://x"}}}},
  "meta": {"api_version": "2026-04-16"}
}`

const reservation2026 = `{
  "data": {"id": "res-1", "type": "did_reservations",
    "attributes": {"created_at": "2026-04-20 10:00:00", "description": "for the demo", "expires_at": "2026-04-20 10:20:00"},
    "relationships": {"available_did": {"links": {}}}},
  "meta": {"api_version": "2026-04-16"}
}`

const reservations2022WithInclude = `{
  "data": [{"id": "res-2", "type": "did_reservations",
    "attributes": {"expire_at": "2022-06-01T09:30:00.000Z", "created_at": "2022-06-01T09:10:00.000Z", "description": "old"},
    "relationships": {"available_did": {"data": {"type": "available_dids", "id": "ad-5"}}}}],
  "included": [{"id": "ad-5", "type": "available_dids", "attributes": {"number": "4930555000"}}],
  "meta": {"total_records": 1, "available_count": 9, "api_version": "2022-05-10"}
}`

const orderPending = `{
  "data": {"id": "o-1", "type": "orders",
    "attributes": {"reference": "ABC-123456", "amount": "2.10", "status": "pending",
      "created_at": "2026-04-20T10:00:00.513Z", "description": "DID", "callback_url": null, "callback_method": null,
      "items": [{"type": "did_order_items", "attributes": {"qty": 1, "nrc": "0.00", "mrc": "2.10", "prorated_mrc": false,
        "billed_from": null, "billed_to": null, "did_group_id": "g-la"}}]}},
  "meta": {"api_version": "2026-04-16"}
}`

const orderCompleted2022 = `{
  "data": {"id": "o-1", "type": "orders",
    "attributes": {"reference": "ABC-123456", "amount": "2.10", "status": "Completed",
      "created_at": "2022-06-01T08:21:41.795Z", "description": "1 x 12135550101",
      "callback_url": "https://hooks.example/o", "callback_method": "POST", "external_reference_id": "ext-1",
      "items": [{"type": "did_order_items", "attributes": {"qty": 1, "nrc": "0.00", "mrc": "2.10", "prorated_mrc": true,
        "billed_from": "2022-06-01", "billed_to": "2022-07-01", "setup_price": "0.00", "monthly_price": "2.10",
        "did_group_id": "g-la"}}]}},
  "meta": {"api_version": "2022-05-10"}
}`

const ordersList = `{
  "data": [
    {"id": "o-2", "type": "orders", "attributes": {"reference": "XYZ-000001", "amount": "16.0", "status": "canceled",
      "created_at": "2026-04-01T00:00:00Z", "items": []}},
    {"id": "o-3", "type": "orders", "attributes": {"reference": "XYZ-000002", "amount": "8.0", "status": "Pending",
      "created_at": "2026-04-02T00:00:00Z"}}
  ],
  "meta": {"total_records": 2},
  "links": {}
}`

const balanceDoc = `{
  "data": {"id": "b-1", "type": "balances", "attributes": {"balance": "50.00", "credit": "10.00", "total_balance": "60.00"}},
  "meta": {"api_version": "2026-04-16"}
}`

const didsDoc = `{
  "data": [{"id": "d-1", "type": "dids",
    "attributes": {"blocked": false, "capacity_limit": 2, "description": "support line", "terminated": false,
      "awaiting_registration": true, "number": "12135550101", "expires_at": "2026-05-20T10:00:00.000Z",
      "channels_included_count": 2, "created_at": "2026-04-20T10:00:01.000Z", "pending_removal": false,
      "dedicated_channels_count": 1, "billing_cycles_count": null, "emergency_enabled": true},
    "relationships": {
      "did_group": {"data": {"type": "did_groups", "id": "g-la"}},
      "order": {"data": {"type": "orders", "id": "o-1"}},
      "voice_in_trunk": {"links": {}}
    }}],
  "included": [{"id": "g-la", "type": "did_groups", "attributes": {"area_name": "Los Angeles"}}],
  "meta": {"total_records": 1}
}`
