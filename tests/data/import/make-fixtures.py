#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the import fixtures of tests/test-import.c from one estate.

One synthetic hub-and-spoke estate (IDs under made-up subscriptions, RFC
1918 / RFC 5737 addresses) in the three shapes vnetlab imports, as shared/
spec/azure-beyond-the-lab.md §3 documents them:
  cli/*.json      Azure CLI `-o json` output: properties flattened;
  graph.json      `az graph query` output: {"data": [...]}, properties
                  wrapped, types lower-cased, spokes in a second subscription;
  template.json   an ARM template: parameters, variables, resourceId(),
                  concat(), children inline and as "parent/child".
vwan/ holds a Virtual WAN estate in the same three shapes (vw_resources()).
Also `scale N` (default 1000), to standard output: N spoke VNets peered
to a hub with a firewall, each with a route table to it, a VM's NIC and
the spokes' security group, as CLI output, for the import benchmark (not
committed).
Run from this directory: python3 make-fixtures.py
"""
import copy, json, os, sys

SUB1 = "11111111-1111-1111-1111-111111111111"
SUB2 = "22222222-2222-2222-2222-222222222222"
RG = "rg-net"
LOC = "westeurope"
N = "Microsoft.Network"

# Which subscription each resource lives in (Resource Graph spans both).
def sub_of(name):
    return SUB2 if name.startswith("spoke") else SUB1

def rid(type_path, *names, sub=None):
    types = type_path.split("/")
    s = sub or sub_of(names[0])
    out = "/subscriptions/%s/resourceGroups/%s/providers/%s/%s/%s" % (s, RG, N, types[0], names[0])
    for t, n in zip(types[1:], names[1:]):
        out += "/%s/%s" % (t, n)
    return out

def ref(type_path, *names):
    return {"id": rid(type_path, *names)}

VNETS = [
    ("hub", ["10.0.0.0/22"], [("default", "10.0.0.0/24", None, None),
                             ("AzureFirewallSubnet", "10.0.1.0/26", None, None),
                             ("GatewaySubnet", "10.0.3.0/27", None, None)]),
    ("spoke1", ["10.1.0.0/24"], [("default", "10.1.0.0/25", "spoke1-rt", "spokes-nsg")]),
    ("spoke2", ["10.2.0.0/24"], [("default", "10.2.0.0/25", "spoke2-rt", "spokes-nsg")]),
]
# The GatewaySubnet sends the spokes' ranges through the firewall too, so
# it sees both directions of the flows from on premises (the spokes' 0/0
# takes the replies there); the hub's own subnets reach the spokes directly
# (the spokes' peering route to the hub is longer than their 0/0).
VNETS[0][2][2] = ("GatewaySubnet", "10.0.3.0/27", "gateway-rt", None)
# A route table on each spoke subnet, in the spoke's subscription (Azure
# wants the table in the VNet's subscription and region): 0.0.0.0/0 to the
# firewall's private address in the hub.
FIREWALL_IP = "10.0.1.4"

def net_rule(name, protocols, sources, destinations, ports, fqdns=()):
    return {"ruleType": "NetworkRule", "name": name, "ipProtocols": protocols, "sourceAddresses": sources,
            "destinationAddresses": destinations, "destinationPorts": ports, "sourceIpGroups": [],
            "destinationIpGroups": [], "destinationFqdns": list(fqdns)}

# The firewall policy's network rules (Firewall Policy rule collection
# groups, articles/firewall/policy-rule-sets.md): ICMP between private
# addresses, HTTPS from the spokes to on premises, then everything else
# denied by the firewall's default.
FIREWALL_COLLECTIONS = [
    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "allow-private", "priority": 100,
     "action": {"type": "Allow"},
     "rules": [net_rule("private-icmp", ["ICMP"], ["10.0.0.0/8"], ["10.0.0.0/8"], ["*"]),
               net_rule("spokes-to-onprem-https", ["TCP"], ["10.1.0.0/24", "10.2.0.0/24"], ["10.100.0.0/16"],
                        ["443"])]},
    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "time", "priority": 300,
     "action": {"type": "Allow"},
     "rules": [net_rule("ntp-by-name", ["UDP"], ["10.0.0.0/8"], [], ["123"], ["time.windows.com"])]},
    {"ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": "inbound-dnat", "priority": 400,
     "action": {"type": "Dnat"}, "rules": []},
]
ROUTE_TABLES = [("spoke1-rt", "spoke1", "default"), ("spoke2-rt", "spoke2", "default")]
HUB_ROUTE_TABLES = [("gateway-rt", "hub", "GatewaySubnet")]
PEERINGS = [  # (local, remote, name, access, forwarded, transit, remote gateways)
    ("hub", "spoke1", "hub-to-spoke1", True, True, True, False),
    ("spoke1", "hub", "spoke1-to-hub", True, True, False, True),
    ("hub", "spoke2", "hub-to-spoke2", True, True, True, False),
    ("spoke2", "hub", "spoke2-to-hub", True, True, False, True),
]
NICS = [("hub-vm-nic", "hub", "default", "10.0.0.4"),
        ("spoke1-vm-nic", "spoke1", "default", "10.1.0.4"),
        ("spoke2-vm-nic", "spoke2", "default", "10.2.0.4")]

def subnet_props(vnet, s):
    name, prefix, rt, nsg = s
    p = {"addressPrefix": prefix, "provisioningState": "Succeeded"}
    if rt:
        p["routeTable"] = {"id": rid("routeTables", rt, sub=sub_of(vnet))}
    if nsg:
        p["networkSecurityGroup"] = {"id": rid("networkSecurityGroups", nsg, sub=sub_of(vnet))}
    return p

def peering_props(p):
    local, remote, name, access, fwd, transit, remote_gw = p
    return {"remoteVirtualNetwork": ref("virtualNetworks", remote),
            "allowVirtualNetworkAccess": access, "allowForwardedTraffic": fwd,
            "allowGatewayTransit": transit, "useRemoteGateways": remote_gw,
            "peeringState": "Connected", "peeringSyncLevel": "FullyInSync",
            "remoteAddressSpace": {"addressPrefixes": [v[1] for v in VNETS if v[0] == remote][0]}}

# Resources in ARM shape: (type, name path, properties, extra top-level members)
def resources():
    out = []
    for vname, spaces, subnets in VNETS:
        out.append(("virtualNetworks", [vname], {
            "addressSpace": {"addressPrefixes": spaces},
            "subnets": [dict(name=s[0], id=rid("virtualNetworks/subnets", vname, s[0]),
                             properties=subnet_props(vname, s)) for s in subnets],
            "virtualNetworkPeerings": [dict(name=p[2], id=rid("virtualNetworks/virtualNetworkPeerings", p[0], p[2]),
                                            properties=peering_props(p)) for p in PEERINGS if p[0] == vname],
        }, {}))
    out.append(("publicIPAddresses", ["hub-vpngw-pip"], {"ipAddress": "198.51.100.20",
                                                          "publicIPAllocationMethod": "Static"},
                {"sku": {"name": "Standard"}}))
    out.append(("virtualNetworkGateways", ["hub-vpngw"], {
        "gatewayType": "Vpn", "vpnType": "RouteBased", "enableBgp": True, "activeActive": False,
        "vpnGatewayGeneration": "Generation2",
        "sku": {"name": "VpnGw2", "tier": "VpnGw2"},
        "ipConfigurations": [{"name": "default", "id": rid("virtualNetworkGateways/ipConfigurations", "hub-vpngw", "default"),
                              "properties": {"subnet": ref("virtualNetworks/subnets", "hub", "GatewaySubnet"),
                                             "publicIPAddress": ref("publicIPAddresses", "hub-vpngw-pip")}}],
        "bgpSettings": {"asn": 65515, "bgpPeeringAddress": "10.0.3.30", "peerWeight": 0,
                        "bgpPeeringAddresses": [{"ipconfigurationId": rid("virtualNetworkGateways/ipConfigurations", "hub-vpngw", "default"),
                                                 "defaultBgpIpAddresses": ["10.0.3.30"], "customBgpIpAddresses": [],
                                                 "tunnelIpAddresses": ["198.51.100.20"]}]},
    }, {}))
    out.append(("virtualNetworkGateways", ["hub-ergw"], {
        "gatewayType": "ExpressRoute", "sku": {"name": "ErGw1AZ", "tier": "ErGw1AZ"},
        "ipConfigurations": [{"name": "default", "id": rid("virtualNetworkGateways/ipConfigurations", "hub-ergw", "default"),
                              "properties": {"subnet": ref("virtualNetworks/subnets", "hub", "GatewaySubnet")}}],
        "bgpSettings": {"asn": 65515},
    }, {}))
    out.append(("localNetworkGateways", ["dc1-lng"], {
        "gatewayIpAddress": "203.0.113.10",
        "localNetworkAddressSpace": {"addressPrefixes": ["10.100.255.254/32"]},
        "bgpSettings": {"asn": 65100, "bgpPeeringAddress": "10.100.255.254", "peerWeight": 0},
    }, {}))
    out.append(("expressRouteCircuits", ["er-ams"], {
        "serviceProviderProperties": {"serviceProviderName": "Equinix", "peeringLocation": "Amsterdam",
                                      "bandwidthInMbps": 1000},
        "circuitProvisioningState": "Enabled", "serviceProviderProvisioningState": "Provisioned",
        "peerings": [{"name": "AzurePrivatePeering",
                      "id": rid("expressRouteCircuits/peerings", "er-ams", "AzurePrivatePeering"),
                      "properties": {"peeringType": "AzurePrivatePeering", "azureASN": 12076, "peerASN": 65100,
                                     "primaryPeerAddressPrefix": "172.16.0.0/30",
                                     "secondaryPeerAddressPrefix": "172.16.0.4/30", "vlanId": 100,
                                     "state": "Enabled", "connections": []}}],
    }, {"sku": {"name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData"}}))
    out.append(("connections", ["hub-dc1-vpn"], {
        "connectionType": "IPsec", "virtualNetworkGateway1": ref("virtualNetworkGateways", "hub-vpngw"),
        "localNetworkGateway2": ref("localNetworkGateways", "dc1-lng"), "enableBgp": True, "routingWeight": 0,
        "connectionProtocol": "IKEv2", "usePolicyBasedTrafficSelectors": False,
    }, {}))
    out.append(("connections", ["hub-er-ams"], {
        "connectionType": "ExpressRoute", "virtualNetworkGateway1": ref("virtualNetworkGateways", "hub-ergw"),
        "peer": ref("expressRouteCircuits", "er-ams"), "routingWeight": 10,
    }, {}))
    for nic, vnet, subnet, ip in NICS:
        nsg = {"networkSecurityGroup": ref("networkSecurityGroups", "hub-vm-nsg")} if nic == "hub-vm-nic" else {}
        out.append(("networkInterfaces", [nic], dict(nsg, **{
            "enableIPForwarding": False,
            "ipConfigurations": [{"name": "ipconfig1", "id": rid("networkInterfaces/ipConfigurations", nic, "ipconfig1"),
                                  "properties": {"privateIPAddress": ip, "privateIPAllocationMethod": "Dynamic",
                                                 "subnet": ref("virtualNetworks/subnets", vnet, subnet)}}],
        }), {}))
    # The firewall, its public IP and its policy: one rule collection
    # group of network rules (read), one rule naming an FQDN (reported, left
    # out) and a DNAT collection (reported).
    out.append(("publicIPAddresses", ["hub-fw-pip"], {"ipAddress": "198.51.100.30",
                                                       "publicIPAllocationMethod": "Static"},
                {"sku": {"name": "Standard"}}))
    out.append(("azureFirewalls", ["hub-fw"], {
        "sku": {"name": "AZFW_VNet", "tier": "Standard"},
        "ipConfigurations": [{"name": "fw-ipconfig", "properties": {
            "privateIPAddress": FIREWALL_IP, "subnet": ref("virtualNetworks/subnets", "hub", "AzureFirewallSubnet"),
            "publicIPAddress": ref("publicIPAddresses", "hub-fw-pip")}}],
        "firewallPolicy": ref("firewallPolicies", "hub-fw-policy"),
    }, {}))
    out.append(("firewallPolicies", ["hub-fw-policy"], {"sku": {"tier": "Standard"}, "threatIntelMode": "Alert"}, {}))
    out.append(("firewallPolicies/ruleCollectionGroups", ["hub-fw-policy", "DefaultNetworkRuleCollectionGroup"],
                {"priority": 200, "ruleCollections": FIREWALL_COLLECTIONS}, {}))
    for rt, vnet, subnet in ROUTE_TABLES:
        out.append(("routeTables", [rt], {
            "disableBgpRoutePropagation": False,
            "routes": [{"name": "to-firewall", "id": rid("routeTables/routes", rt, "to-firewall"),
                        "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance",
                                       "nextHopIpAddress": FIREWALL_IP, "hasBgpOverride": False}}],
            # Read-only back-links (the subnet's routeTable.id is the link).
            "subnets": [ref("virtualNetworks/subnets", vnet, subnet)],
        }, {}))
    for rt, vnet, subnet in HUB_ROUTE_TABLES:
        out.append(("routeTables", [rt], {
            "disableBgpRoutePropagation": False,
            "routes": [{"name": "to-" + spoke, "id": rid("routeTables/routes", rt, "to-" + spoke),
                        "properties": {"addressPrefix": prefix, "nextHopType": "VirtualAppliance",
                                       "nextHopIpAddress": FIREWALL_IP, "hasBgpOverride": False}}
                       for spoke, prefix in (("spoke1", "10.1.0.0/24"), ("spoke2", "10.2.0.0/24"))],
            "subnets": [ref("virtualNetworks/subnets", vnet, subnet)],
        }, {}))
    # The spokes' group (in their subscription, as Azure wants): the hub
    # may come in, the rest of the VNet may not; a rule to a service tag
    # vnetlab does not model (reported, left out).
    out.append(("networkSecurityGroups", ["spokes-nsg"], {
        "securityRules": [
            rule("allow-hub", 100, "Inbound", "Allow", "*", "10.0.0.0/22", "*"),
            rule("deny-vnet-in", 4000, "Inbound", "Deny", "*", "VirtualNetwork", "*"),
            rule("allow-storage-out", 200, "Outbound", "Allow", "Tcp", "*", "Storage", ports="443"),
        ],
        "defaultSecurityRules": DEFAULT_RULES,
        "subnets": [ref("virtualNetworks/subnets", v, "default") for v in ("spoke1", "spoke2")],
    }, {}))
    # The hub VM's NIC: no ping from spoke2.
    out.append(("networkSecurityGroups", ["hub-vm-nsg"], {
        "securityRules": [rule("deny-icmp-from-spoke2", 200, "Inbound", "Deny", "Icmp", "10.2.0.0/24", "*")],
        "defaultSecurityRules": DEFAULT_RULES,
        "networkInterfaces": [ref("networkInterfaces", "hub-vm-nic")],
    }, {}))
    return out

def rule(name, priority, direction, access, protocol, source, destination, ports="*"):
    return {"name": name, "properties": {"priority": priority, "direction": direction, "access": access,
                                         "protocol": protocol, "sourceAddressPrefix": source,
                                         "destinationAddressPrefix": destination, "sourcePortRange": "*",
                                         "destinationPortRange": ports, "sourceAddressPrefixes": [],
                                         "destinationAddressPrefixes": []}}

# The default rules Azure adds to every group, as `az network nsg list`
# prints them (network-security-groups-overview.md, "Default security rules").
DEFAULT_RULES = [
    rule("AllowVnetInBound", 65000, "Inbound", "Allow", "*", "VirtualNetwork", "VirtualNetwork"),
    rule("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "*", "AzureLoadBalancer", "*"),
    rule("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*", "*"),
    rule("AllowVnetOutBound", 65000, "Outbound", "Allow", "*", "VirtualNetwork", "VirtualNetwork"),
    rule("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "*", "Internet"),
    rule("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*", "*"),
]

def arm_id(t, names):
    return rid(t if "/" not in t else t, *names) if len(names) == 1 else rid(t, *names)

def flatten(o):
    """CLI shape: the properties wrapper removed at every level."""
    if isinstance(o, list):
        return [flatten(e) for e in o]
    if not isinstance(o, dict):
        return o
    out = {}
    for k, v in o.items():
        if k == "properties" and isinstance(v, dict):
            out.update(flatten(v))
        else:
            out[k] = flatten(v)
    return out

CLI_TYPE_TYPES = {"virtualNetworks/subnets", "virtualNetworks/virtualNetworkPeerings"}

def cli_child_types(o, parent_type):
    """CLI children carry their type and resource group."""
    for member, t in (("subnets", "virtualNetworks/subnets"), ("virtualNetworkPeerings", "virtualNetworks/virtualNetworkPeerings"),
                      ("peerings", "expressRouteCircuits/peerings")):
        for c in o.get(member, []) if parent_type == t.split("/")[0] else []:
            c["type"] = "%s/%s" % (N, t)
            c["resourceGroup"] = RG

def full(t, names, props, extra, flat):
    o = {"id": rid(t, *names), "name": names[-1], "type": "%s/%s" % (N, t), "location": LOC,
         "resourceGroup": RG, "etag": 'W/"00000000-0000-0000-0000-000000000001"'}
    o.update(copy.deepcopy(extra))
    o["properties"] = copy.deepcopy(props)
    o["properties"]["provisioningState"] = "Succeeded"
    if flat:
        o = flatten(o)
        cli_child_types(o, t)
    return o

def write(path, data):
    with open(path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")

def write_cli():
    os.makedirs("cli", exist_ok=True)
    files = {"virtualNetworks": "vnet-list.json", "publicIPAddresses": "public-ip-list.json",
             "virtualNetworkGateways": "vnet-gateway-list.json", "localNetworkGateways": "local-gateway-list.json",
             "expressRouteCircuits": "express-route-list.json", "connections": "vpn-connection-list.json",
             "networkInterfaces": "nic-list.json", "azureFirewalls": "firewall-list.json",
             "routeTables": "route-table-list.json", "networkSecurityGroups": "nsg-list.json",
             "firewallPolicies": "firewall-policy-list.json",
             "firewallPolicies/ruleCollectionGroups": "firewall-policy-rule-collection-group-list.json"}
    lists = {f: [] for f in files.values()}
    for t, names, props, extra in resources():
        o = full(t, names, props, extra, True)
        if t == "connections" and props["connectionType"] == "IPsec":
            o["sharedKey"] = "imported-secret-never-read"   # as `vpn-connection show` would print it
        lists[files[t]].append(o)
    for f, l in lists.items():
        write("cli/" + f, l)
    # `az network vnet peering list -g rg-net --vnet-name spoke1`: the same
    # peerings as inline in the VNet list, read once.
    write("cli/vnet-peering-list-spoke1.json",
          [o for o in lists["vnet-list.json"] if o["name"] == "spoke1"][0]["virtualNetworkPeerings"])

def lower_ids(o):
    """Resource Graph keeps IDs as stored: some references differ in case."""
    if isinstance(o, list):
        return [lower_ids(e) for e in o]
    if isinstance(o, dict):
        return {k: (v.lower() if k == "id" and isinstance(v, str) and "/subnets/" in v else lower_ids(v))
                for k, v in o.items()}
    return o

def write_graph():
    rows = []
    for t, names, props, extra in resources():
        o = full(t, names, props, extra, False)
        o["type"] = o["type"].lower()
        o["subscriptionId"] = sub_of(names[0])
        o["tenantId"] = "33333333-3333-3333-3333-333333333333"
        rows.append(lower_ids(o))
    write("graph.json", {"count": len(rows), "data": rows, "skip_token": None, "total_records": len(rows)})

def write_template():
    # One subscription and group at deployment: IDs come from resourceId().
    def res_id(t, *names):
        return "[resourceId('%s/%s', %s)]" % (N, t, ", ".join("'%s'" % n for n in names))

    def fix_refs(o):
        if isinstance(o, list):
            return [fix_refs(e) for e in o]
        if isinstance(o, dict):
            if set(o) == {"id"}:
                parts = o["id"].split("/providers/%s/" % N)[1].split("/")
                t = "/".join(parts[0::2])
                return {"id": res_id(t, *parts[1::2])}
            return {k: fix_refs(v) for k, v in o.items() if k != "id"}
        return o

    resources_out = []
    for t, names, props, extra in resources():
        props = fix_refs(copy.deepcopy(props))
        r = {"type": "%s/%s" % (N, t), "apiVersion": "2023-09-01", "name": "/".join(names),
             "location": "[parameters('location')]"}
        if "/" in t:
            # A child resource at the top level, "parent/child"; no location.
            del r["location"]
            r["dependsOn"] = [res_id(t.split("/")[0], names[0])]
        r.update(extra)
        if t == "virtualNetworks":
            r["name"] = "[parameters('hubName')]" if names[0] == "hub" else names[0]
            peerings = props.pop("virtualNetworkPeerings")
            if names[0] == "hub":
                # Top level, as "parent/child".
                for p in peerings:
                    resources_out.append({"type": "%s/virtualNetworks/virtualNetworkPeerings" % N,
                                          "apiVersion": "2023-09-01",
                                          "name": "[concat(parameters('hubName'), '/%s')]" % p["name"],
                                          "dependsOn": [res_id("virtualNetworks", "hub")],
                                          "properties": p["properties"]})
            else:
                # Inline child resources.
                r["resources"] = [{"type": "virtualNetworkPeerings", "apiVersion": "2023-09-01",
                                   "name": p["name"], "properties": p["properties"]} for p in peerings]
        if t == "connections" and props["connectionType"] == "IPsec":
            props["sharedKey"] = "[parameters('vpnSharedKey')]"
        if t == "virtualNetworks":
            subnets = [v for v in VNETS if v[0] == names[0]][0][2]
            rts = sorted({s[2] for s in subnets if s[2]})
            nsgs = sorted({s[3] for s in subnets if s[3]})
            if rts or nsgs:
                r["dependsOn"] = [res_id("routeTables", rt) for rt in rts] + \
                                 [res_id("networkSecurityGroups", g) for g in nsgs]
        if t == "networkSecurityGroups":
            # Azure's default rules and the back-links are read-only.
            props.pop("defaultSecurityRules", None)
            props.pop("subnets", None)
            props.pop("networkInterfaces", None)
            if names[0] == "hub-vm-nsg":
                # Its rule as a child resource, "parent/child".
                for r2 in props.pop("securityRules"):
                    resources_out.append({"type": "%s/networkSecurityGroups/securityRules" % N,
                                          "apiVersion": "2023-09-01", "name": "%s/%s" % (names[0], r2["name"]),
                                          "dependsOn": [res_id("networkSecurityGroups", names[0])],
                                          "properties": r2["properties"]})
        if t == "routeTables":
            # subnets[] is read-only: a template has none. The firewall's
            # address through a variable (a reference() would be known only
            # once deployed).
            del props["subnets"]
            routes = props["routes"]
            for route in routes:
                route["properties"]["nextHopIpAddress"] = "[variables('firewallIp')]"
                del route["properties"]["hasBgpOverride"]
            if names[0] == "spoke2-rt":
                # Its route as a child resource, "parent/child".
                del props["routes"]
                for route in routes:
                    resources_out.append({"type": "%s/routeTables/routes" % N, "apiVersion": "2023-09-01",
                                          "name": "%s/%s" % (names[0], route["name"]),
                                          "dependsOn": [res_id("routeTables", names[0])],
                                          "properties": route["properties"]})
        r["properties"] = props
        resources_out.append(r)
    # The ExpressRoute connection names its circuit through a variable.
    for r in resources_out:
        if r["name"] == "hub-er-ams":
            r["properties"]["peer"] = {"id": "[variables('circuitId')]"}
    write("template.json", {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"location": {"type": "string", "defaultValue": LOC},
                       "hubName": {"type": "string", "defaultValue": "hub"},
                       "vpnSharedKey": {"type": "securestring"}},
        "variables": {"circuitName": "er-ams", "firewallIp": FIREWALL_IP,
                      "circuitId": "[resourceId('Microsoft.Network/expressRouteCircuits', variables('circuitName'))]"},
        "resources": resources_out,
    })

def write_scale(n):
    vnets = []
    others = []
    nsg = "/subscriptions/%s/resourceGroups/%s/providers/%s/networkSecurityGroups/spokes-nsg" % (SUB1, RG, N)
    hub = rid("virtualNetworks", "hub")
    vnets.append({"id": hub, "name": "hub", "type": "%s/virtualNetworks" % N, "location": LOC, "resourceGroup": RG,
                  "addressSpace": {"addressPrefixes": ["10.255.0.0/16"]},
                  "subnets": [{"id": hub + "/subnets/default", "name": "default", "addressPrefix": "10.255.0.0/24"},
                              {"id": hub + "/subnets/AzureFirewallSubnet", "name": "AzureFirewallSubnet",
                               "addressPrefix": "10.255.1.0/26"}],
                  "virtualNetworkPeerings": []})
    for i in range(n):
        name = "vnet%04d" % i
        vid = "/subscriptions/%s/resourceGroups/%s/providers/%s/virtualNetworks/%s" % (SUB1, RG, N, name)
        prefix = "10.%d.%d.0/24" % (i // 256, i % 256)
        rt = "/subscriptions/%s/resourceGroups/%s/providers/%s/routeTables/%s-rt" % (SUB1, RG, N, name)
        vnets.append({"id": vid, "name": name, "type": "%s/virtualNetworks" % N, "location": LOC, "resourceGroup": RG,
                      "addressSpace": {"addressPrefixes": [prefix]},
                      "subnets": [{"id": vid + "/subnets/default", "name": "default", "addressPrefix": prefix,
                                   "routeTable": {"id": rt}, "networkSecurityGroup": {"id": nsg}}],
                      "virtualNetworkPeerings": [{"id": vid + "/virtualNetworkPeerings/to-hub", "name": "to-hub",
                                                  "remoteVirtualNetwork": {"id": hub}, "peeringState": "Connected",
                                                  "allowVirtualNetworkAccess": True}]})
        vnets[0]["virtualNetworkPeerings"].append({"id": hub + "/virtualNetworkPeerings/to-" + name, "name": "to-" + name,
                                                   "remoteVirtualNetwork": {"id": vid}, "peeringState": "Connected",
                                                   "allowVirtualNetworkAccess": True})
        # Each spoke: a route table sending 0.0.0.0/0 to the hub's
        # firewall, a VM's NIC, and the spokes' one security group.
        others.append({"id": rt, "name": name + "-rt", "type": "%s/routeTables" % N, "location": LOC,
                       "resourceGroup": RG, "disableBgpRoutePropagation": False,
                       "routes": [{"id": rt + "/routes/default", "name": "default", "addressPrefix": "0.0.0.0/0",
                                   "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.255.1.4"}]})
        nic = "/subscriptions/%s/resourceGroups/%s/providers/%s/networkInterfaces/%s-vm-nic" % (SUB1, RG, N, name)
        others.append({"id": nic, "name": name + "-vm-nic", "type": "%s/networkInterfaces" % N, "location": LOC,
                       "resourceGroup": RG, "enableIPForwarding": False,
                       "ipConfigurations": [{"name": "ipconfig1", "privateIPAddress": prefix[:-4] + "4",
                                             "subnet": {"id": vid + "/subnets/default"}}]})
    others.append({"id": nsg, "name": "spokes-nsg", "type": "%s/networkSecurityGroups" % N, "location": LOC,
                   "resourceGroup": RG,
                   "securityRules": [flatten(rule("allow-hub", 100, "Inbound", "Allow", "*", "10.255.0.0/16", "*"))],
                   "defaultSecurityRules": flatten(DEFAULT_RULES)})
    others.append({"id": hub.replace("virtualNetworks/hub", "azureFirewalls/hub-fw"), "name": "hub-fw",
                   "type": "%s/azureFirewalls" % N, "location": LOC, "resourceGroup": RG,
                   "ipConfigurations": [{"name": "ipconfig1", "privateIPAddress": "10.255.1.4",
                                         "subnet": {"id": hub + "/subnets/AzureFirewallSubnet"}}]})
    json.dump(vnets + others, sys.stdout)

# ---------------------------------------------------------------------------
# A Virtual WAN estate (vwan/): two hubs in two regions, three spokes
# connected to them, a VPN site (BGP) on the West Europe hub, an
# ExpressRoute circuit on the North Europe hub; a custom route table with
# a label on hub-we (spoke-we-2 associated with it), routing intent on
# hub-ne (Internet and private traffic to its secured hub's firewall).
# Shapes as spec §3.2's vWAN row lists them: virtualWans, virtualHubs with
# virtualWan.id, virtualHubs/hubRouteTables {routes[], labels[]},
# virtualHubs/hubVirtualNetworkConnections {remoteVirtualNetwork.id,
# enableInternetSecurity, routingConfiguration}, vpnGateways {virtualHub.id,
# bgpSettings, connections[]}, vpnSites {addressSpace, vpnSiteLinks[]},
# expressRouteGateways {virtualHub.id, expressRouteConnections[]},
# virtualHubs/routingIntent {routingPolicies[]}, azureFirewalls with
# virtualHub.id (sku AZFW_Hub, hubIPAddresses).
# Written as: vwan/cli/*.json, vwan/graph.json, vwan/template.json.

VW_HUBS = [("hub-we", "westeurope", "10.100.0.0/23"), ("hub-ne", "northeurope", "10.101.0.0/23")]
VW_SPOKES = [("spoke-we-1", "westeurope", "10.11.0.0/16", "10.11.1.0/24", "hub-we"),
             ("spoke-we-2", "westeurope", "10.12.0.0/16", "10.12.1.0/24", "hub-we"),
             ("spoke-ne-1", "northeurope", "10.21.0.0/16", "10.21.1.0/24", "hub-ne")]

def vw_routing(hub, assoc="defaultRouteTable", tables=("defaultRouteTable",), labels=("default",)):
    return {"associatedRouteTable": ref("virtualHubs/hubRouteTables", hub, assoc),
            "propagatedRouteTables": {"labels": list(labels),
                                      "ids": [ref("virtualHubs/hubRouteTables", hub, t) for t in tables]}}

def vw_resources():
    """(type, names, properties, extra, location) in ARM shape."""
    out = []
    wan = ref("virtualWans", "wan")
    out.append(("virtualWans", ["wan"], {"type": "Standard", "allowBranchToBranchTraffic": True,
                                          "disableVpnEncryption": False}, {}, "westeurope"))
    for hub, loc, prefix in VW_HUBS:
        out.append(("virtualHubs", [hub], {"virtualWan": wan, "addressPrefix": prefix, "virtualRouterAsn": 65515,
                                           "virtualRouterIps": [], "hubRoutingPreference": "ExpressRoute",
                                           "sku": "Standard", "routingState": "Provisioned"}, {}, loc))
    for name, loc, space, subnet, hub in VW_SPOKES:
        out.append(("virtualNetworks", [name], {
            "addressSpace": {"addressPrefixes": [space]},
            "subnets": [{"name": "app", "id": rid("virtualNetworks/subnets", name, "app"),
                         "properties": {"addressPrefix": subnet}}],
            "virtualNetworkPeerings": []}, {}, loc))
        out.append(("networkInterfaces", ["vm-" + name[6:]], {
            "enableIPForwarding": False,
            "ipConfigurations": [{"name": "ipconfig1",
                                  "id": rid("networkInterfaces/ipConfigurations", "vm-" + name[6:], "ipconfig1"),
                                  "properties": {"privateIPAddress": subnet[:-4] + "4",
                                                 "privateIPAllocationMethod": "Dynamic",
                                                 "subnet": ref("virtualNetworks/subnets", name, "app")}}]}, {}, loc))
    # Each hub's Default and None tables as Azure lists them; hub-we's
    # custom table "rt-blue" with the label "blue" and a static route of
    # 10.12.99.0/24 (inside spoke-we-2) to spoke-we-2's connection.
    for hub, loc, prefix in VW_HUBS:
        out.append(("virtualHubs/hubRouteTables", [hub, "defaultRouteTable"],
                    {"routes": [], "labels": ["default"]}, {}, None))
        out.append(("virtualHubs/hubRouteTables", [hub, "noneRouteTable"], {"routes": [], "labels": ["none"]}, {}, None))
    out.append(("virtualHubs/hubRouteTables", ["hub-we", "rt-blue"], {
        "routes": [{"name": "to-spoke-we-2-shared", "destinationType": "CIDR", "destinations": ["10.12.99.0/24"],
                    "nextHopType": "ResourceId",
                    "nextHop": rid("virtualHubs/hubVirtualNetworkConnections", "hub-we", "spoke-we-2-conn")}],
        "labels": ["blue"]}, {}, None))
    # Connections: spoke-ne-1 keeps the defaults; spoke-we-1 propagates to
    # the labels default and blue (so to rt-blue too); spoke-we-2 is
    # associated with rt-blue and propagates to it and to the label
    # default.
    for name, loc, space, subnet, hub in VW_SPOKES:
        routing = vw_routing(hub)
        if name == "spoke-we-1":
            routing = vw_routing(hub, labels=("default", "blue"))
        if name == "spoke-we-2":
            routing = vw_routing(hub, "rt-blue", ("rt-blue", "defaultRouteTable"), ("default",))
        out.append(("virtualHubs/hubVirtualNetworkConnections", [hub, name + "-conn"], {
            "remoteVirtualNetwork": ref("virtualNetworks", name), "enableInternetSecurity": True,
            "allowHubToRemoteVnetTransit": True, "allowRemoteVnetToUseHubVnetGateways": True,
            "routingConfiguration": dict(routing, vnetRoutes={"staticRoutes": []})}, {}, None))
    out.append(("vpnSites", ["branch1"], {
        "virtualWan": wan, "addressSpace": {"addressPrefixes": ["192.168.1.254/32"]},
        "deviceProperties": {"deviceVendor": "Contoso", "linkSpeedInMbps": 0},
        "vpnSiteLinks": [{"name": "link1", "id": rid("vpnSites/vpnSiteLinks", "branch1", "link1"),
                          "properties": {"ipAddress": "198.51.100.1",
                                         "bgpProperties": {"asn": 65001, "bgpPeeringAddress": "192.168.1.254"},
                                         "linkProperties": {"linkProviderName": "ISP1", "linkSpeedInMbps": 100}}}]},
                {}, "westeurope"))
    out.append(("vpnGateways", ["hub-we-vpn"], {
        "virtualHub": ref("virtualHubs", "hub-we"), "vpnGatewayScaleUnit": 1,
        "bgpSettings": {"asn": 65515, "bgpPeeringAddress": "10.100.0.12", "peerWeight": 0,
                        "bgpPeeringAddresses": [{"ipconfigurationId": "Instance0",
                                                 "defaultBgpIpAddresses": ["10.100.0.12"],
                                                 "customBgpIpAddresses": [], "tunnelIpAddresses": ["20.50.0.20"]}]},
        "connections": [{"name": "hub-we-branch1",
                         "id": rid("vpnGateways/vpnConnections", "hub-we-vpn", "hub-we-branch1"),
                         "properties": {"remoteVpnSite": ref("vpnSites", "branch1"), "enableInternetSecurity": False,
                                        "routingConfiguration": vw_routing("hub-we"),
                                        "vpnLinkConnections": [{
                                            "name": "link1",
                                            "id": rid("vpnGateways/vpnConnections/vpnLinkConnections",
                                                      "hub-we-vpn", "hub-we-branch1", "link1"),
                                            "properties": {"vpnSiteLink": ref("vpnSites/vpnSiteLinks", "branch1", "link1"),
                                                           "enableBgp": True, "vpnConnectionProtocolType": "IKEv2",
                                                           "usePolicyBasedTrafficSelectors": False}}]}}]},
                {}, "westeurope"))
    out.append(("expressRouteCircuits", ["er-dc"], {
        "serviceProviderProperties": {"serviceProviderName": "Equinix", "peeringLocation": "Dublin",
                                      "bandwidthInMbps": 1000},
        "peerings": [{"name": "AzurePrivatePeering",
                      "id": rid("expressRouteCircuits/peerings", "er-dc", "AzurePrivatePeering"),
                      "properties": {"peeringType": "AzurePrivatePeering", "azureASN": 12076, "peerASN": 65020,
                                     "primaryPeerAddressPrefix": "192.168.100.0/30",
                                     "secondaryPeerAddressPrefix": "192.168.100.4/30", "vlanId": 200,
                                     "state": "Enabled", "connections": []}}]},
                {"sku": {"name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData"}}, "northeurope"))
    out.append(("expressRouteGateways", ["hub-ne-er"], {
        "virtualHub": ref("virtualHubs", "hub-ne"), "autoScaleConfiguration": {"bounds": {"min": 1}},
        "expressRouteConnections": [{"name": "hub-ne-er-dc",
                                     "id": rid("expressRouteGateways/expressRouteConnections", "hub-ne-er", "hub-ne-er-dc"),
                                     "properties": {"expressRouteCircuitPeering": ref("expressRouteCircuits/peerings",
                                                                                      "er-dc", "AzurePrivatePeering"),
                                                    "routingWeight": 0, "enableInternetSecurity": False,
                                                    "routingConfiguration": vw_routing("hub-ne")}}]},
                {}, "northeurope"))
    # hub-ne is a secured hub: its firewall and policy (private traffic
    # allowed between RFC 1918 ranges, anything else denied by default).
    out.append(("azureFirewalls", ["hub-ne-fw"], {
        "sku": {"name": "AZFW_Hub", "tier": "Standard"}, "virtualHub": ref("virtualHubs", "hub-ne"),
        "hubIPAddresses": {"privateIPAddress": "10.101.0.132",
                           "publicIPs": {"count": 1, "addresses": [{"address": "20.60.0.10"}]}},
        "firewallPolicy": ref("firewallPolicies", "hub-ne-fw-policy")}, {}, "northeurope"))
    out.append(("firewallPolicies", ["hub-ne-fw-policy"], {"sku": {"tier": "Standard"}}, {}, "northeurope"))
    private = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
    out.append(("firewallPolicies/ruleCollectionGroups", ["hub-ne-fw-policy", "DefaultNetworkRuleCollectionGroup"],
                {"priority": 200, "ruleCollections": [
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "allow-private",
                     "priority": 100, "action": {"type": "Allow"},
                     "rules": [net_rule("private", ["Any"], private, private, ["*"])]}]}, {}, None))
    out.append(("virtualHubs/routingIntent", ["hub-ne", "hub-ne-ri"], {"routingPolicies": [
        {"name": "InternetTraffic", "destinations": ["Internet"], "nextHop": rid("azureFirewalls", "hub-ne-fw")},
        {"name": "PrivateTrafficPolicy", "destinations": ["PrivateTraffic"],
         "nextHop": rid("azureFirewalls", "hub-ne-fw")}]}, {}, None))
    return out

def vw_full(t, names, props, extra, loc, flat):
    o = full(t, names, props, extra, False)
    if loc is None:
        del o["location"]
    else:
        o["location"] = loc
    if t == "virtualWans" and flat:
        # The CLI names properties.type typePropertiesType: `type` is taken.
        o["properties"]["typePropertiesType"] = o["properties"].pop("type")
    return flatten(o) if flat else o

def write_vwan_cli():
    os.makedirs("vwan/cli", exist_ok=True)
    files = {"virtualWans": "vwan-list.json", "virtualHubs": "vhub-list.json",
             "virtualNetworks": "vnet-list.json", "networkInterfaces": "nic-list.json",
             "vpnSites": "vpn-site-list.json", "vpnGateways": "vpn-gateway-list.json",
             "expressRouteCircuits": "express-route-list.json",
             "expressRouteGateways": "express-route-gateway-list.json",
             "azureFirewalls": "firewall-list.json", "firewallPolicies": "firewall-policy-list.json",
             "firewallPolicies/ruleCollectionGroups": "firewall-policy-rule-collection-group-list.json"}
    lists = {}
    for t, names, props, extra, loc in vw_resources():
        o = vw_full(t, names, props, extra, loc, True)
        # Per hub: `az network vhub route-table list`, `vhub connection
        # list`, `vhub routing-intent list --vhub HUB`.
        if t.startswith("virtualHubs/"):
            f = {"hubRouteTables": "vhub-route-table-list-%s.json", "hubVirtualNetworkConnections":
                 "vhub-connection-list-%s.json", "routingIntent": "vhub-routing-intent-list-%s.json"}[t.split("/")[1]] % names[0]
        else:
            f = files[t]
        if t == "vpnGateways":
            for c in o["connections"]:
                for l in c["vpnLinkConnections"]:
                    l["sharedKey"] = "imported-secret-never-read"
        lists.setdefault(f, []).append(o)
    for f, l in lists.items():
        write("vwan/cli/" + f, l)

def write_vwan_graph():
    rows = []
    for t, names, props, extra, loc in vw_resources():
        o = vw_full(t, names, props, extra, loc, False)
        o["type"] = o["type"].lower()
        o["subscriptionId"] = sub_of(names[0])
        o["tenantId"] = "33333333-3333-3333-3333-333333333333"
        rows.append(lower_ids(o))
    write("vwan/graph.json", {"count": len(rows), "data": rows, "skip_token": None, "total_records": len(rows)})

def write_vwan_template():
    def res_id(t, *names):
        return "[resourceId('%s/%s', %s)]" % (N, t, ", ".join("'%s'" % n for n in names))

    def fix_refs(o):
        if isinstance(o, list):
            return [fix_refs(e) for e in o]
        if isinstance(o, dict):
            if set(o) == {"id"}:
                return {"id": to_res_id(o["id"])}
            return {k: (to_res_id(v) if k == "nextHop" else fix_refs(v)) for k, v in o.items() if k != "id"}
        return o

    def to_res_id(i):
        parts = i.split("/providers/%s/" % N)[1].split("/")
        return res_id("/".join(parts[0::2]), *parts[1::2])

    out = []
    hubs = {}
    for t, names, props, extra, loc in vw_resources():
        props = fix_refs(copy.deepcopy(props))
        r = {"type": "%s/%s" % (N, t), "apiVersion": "2023-09-01", "name": "/".join(names)}
        if loc is not None:
            r["location"] = loc
        r.update(extra)
        if "/" in t:
            r["dependsOn"] = [res_id(t.split("/")[0], names[0])]
        if t == "vpnGateways":
            for c in props["connections"]:
                for l in c["properties"]["vpnLinkConnections"]:
                    l["properties"]["sharedKey"] = "[parameters('branch1SharedKey')]"
        r["properties"] = props
        if t == "virtualHubs/routingIntent":
            # Inline in its hub: a child resource of the hub's resources[].
            r["type"] = "routingIntent"
            r["name"] = names[1]
            del r["dependsOn"]
            hubs[names[0]].setdefault("resources", []).append(r)
            continue
        if t == "virtualHubs":
            hubs[names[0]] = r
        out.append(r)
    write("vwan/template.json", {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"branch1SharedKey": {"type": "securestring"}},
        "resources": out,
    })

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "scale":
        write_scale(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    else:
        write_cli()
        write_graph()
        write_template()
        write_vwan_cli()
        write_vwan_graph()
        write_vwan_template()
