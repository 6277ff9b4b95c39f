// Information element registry: names and value kinds of the IANA IPFIX information
// elements Podium knows (RFC 7012 and the IANA registry; NetFlow v9 field types 1–127
// share these numbers, RFC 3954 §8), plus enterprise-specific elements it can name.
// Used to name the extra (non-normalized) fields of a record; never on the hot path.

/** How a value is rendered when materialised. */
export type IeKind = 'unsigned' | 'ipv4' | 'ipv6' | 'mac' | 'string' | 'octets' | 'bool';

export interface IeInfo {
  name: string;
  kind: IeKind;
}

const u = 'unsigned' as const;

// id → [name, kind]
const IANA: Record<number, [string, IeKind]> = {
  1: ['octetDeltaCount', u], 2: ['packetDeltaCount', u], 3: ['deltaFlowCount', u],
  4: ['protocolIdentifier', u], 5: ['ipClassOfService', u], 6: ['tcpControlBits', u],
  7: ['sourceTransportPort', u], 8: ['sourceIPv4Address', 'ipv4'], 9: ['sourceIPv4PrefixLength', u],
  10: ['ingressInterface', u], 11: ['destinationTransportPort', u], 12: ['destinationIPv4Address', 'ipv4'],
  13: ['destinationIPv4PrefixLength', u], 14: ['egressInterface', u], 15: ['ipNextHopIPv4Address', 'ipv4'],
  16: ['bgpSourceAsNumber', u], 17: ['bgpDestinationAsNumber', u], 18: ['bgpNextHopIPv4Address', 'ipv4'],
  19: ['postMCastPacketDeltaCount', u], 20: ['postMCastOctetDeltaCount', u], 21: ['flowEndSysUpTime', u],
  22: ['flowStartSysUpTime', u], 23: ['postOctetDeltaCount', u], 24: ['postPacketDeltaCount', u],
  25: ['minimumIpTotalLength', u], 26: ['maximumIpTotalLength', u], 27: ['sourceIPv6Address', 'ipv6'],
  28: ['destinationIPv6Address', 'ipv6'], 29: ['sourceIPv6PrefixLength', u], 30: ['destinationIPv6PrefixLength', u],
  31: ['flowLabelIPv6', u], 32: ['icmpTypeCodeIPv4', u], 33: ['igmpType', u], 34: ['samplingInterval', u],
  35: ['samplingAlgorithm', u], 36: ['flowActiveTimeout', u], 37: ['flowIdleTimeout', u], 38: ['engineType', u],
  39: ['engineId', u], 40: ['exportedOctetTotalCount', u], 41: ['exportedMessageTotalCount', u],
  42: ['exportedFlowRecordTotalCount', u], 44: ['sourceIPv4Prefix', 'ipv4'], 45: ['destinationIPv4Prefix', 'ipv4'],
  46: ['mplsTopLabelType', u], 47: ['mplsTopLabelIPv4Address', 'ipv4'], 48: ['samplerId', u], 49: ['samplerMode', u],
  50: ['samplerRandomInterval', u], 51: ['classId', u], 52: ['minimumTTL', u], 53: ['maximumTTL', u],
  54: ['fragmentIdentification', u], 55: ['postIpClassOfService', u], 56: ['sourceMacAddress', 'mac'],
  57: ['postDestinationMacAddress', 'mac'], 58: ['vlanId', u], 59: ['postVlanId', u], 60: ['ipVersion', u],
  61: ['flowDirection', u], 62: ['ipNextHopIPv6Address', 'ipv6'], 63: ['bgpNextHopIPv6Address', 'ipv6'],
  64: ['ipv6ExtensionHeaders', u], 70: ['mplsTopLabelStackSection', 'octets'], 80: ['destinationMacAddress', 'mac'],
  81: ['postSourceMacAddress', 'mac'], 82: ['interfaceName', 'string'], 83: ['interfaceDescription', 'string'],
  84: ['samplerName', 'string'], 85: ['octetTotalCount', u], 86: ['packetTotalCount', u], 88: ['fragmentOffset', u],
  89: ['forwardingStatus', u], 90: ['mplsVpnRouteDistinguisher', 'octets'], 94: ['applicationDescription', 'string'],
  95: ['applicationId', 'octets'], 96: ['applicationName', 'string'], 98: ['postIpDiffServCodePoint', u],
  99: ['multicastReplicationFactor', u], 128: ['bgpNextAdjacentAsNumber', u], 129: ['bgpPrevAdjacentAsNumber', u],
  130: ['exporterIPv4Address', 'ipv4'], 131: ['exporterIPv6Address', 'ipv6'], 132: ['droppedOctetDeltaCount', u],
  133: ['droppedPacketDeltaCount', u], 134: ['droppedOctetTotalCount', u], 135: ['droppedPacketTotalCount', u],
  136: ['flowEndReason', u], 137: ['commonPropertiesId', u], 138: ['observationPointId', u],
  139: ['icmpTypeCodeIPv6', u], 140: ['mplsTopLabelIPv6Address', 'ipv6'], 141: ['lineCardId', u], 142: ['portId', u],
  143: ['meteringProcessId', u], 144: ['exportingProcessId', u], 145: ['templateId', u],
  146: ['wlanChannelId', u], 147: ['wlanSSID', 'string'], 148: ['flowId', u], 149: ['observationDomainId', u],
  150: ['flowStartSeconds', u], 151: ['flowEndSeconds', u], 152: ['flowStartMilliseconds', u],
  153: ['flowEndMilliseconds', u], 154: ['flowStartMicroseconds', u], 155: ['flowEndMicroseconds', u],
  156: ['flowStartNanoseconds', u], 157: ['flowEndNanoseconds', u], 158: ['flowStartDeltaMicroseconds', u],
  159: ['flowEndDeltaMicroseconds', u], 160: ['systemInitTimeMilliseconds', u], 161: ['flowDurationMilliseconds', u],
  162: ['flowDurationMicroseconds', u], 163: ['observedFlowTotalCount', u], 164: ['ignoredPacketTotalCount', u],
  165: ['ignoredOctetTotalCount', u], 166: ['notSentFlowTotalCount', u], 167: ['notSentPacketTotalCount', u],
  168: ['notSentOctetTotalCount', u], 169: ['destinationIPv6Prefix', 'ipv6'], 170: ['sourceIPv6Prefix', 'ipv6'],
  171: ['postOctetTotalCount', u], 172: ['postPacketTotalCount', u], 173: ['flowKeyIndicator', u],
  174: ['postMCastPacketTotalCount', u], 175: ['postMCastOctetTotalCount', u], 176: ['icmpTypeIPv4', u],
  177: ['icmpCodeIPv4', u], 178: ['icmpTypeIPv6', u], 179: ['icmpCodeIPv6', u], 180: ['udpSourcePort', u],
  181: ['udpDestinationPort', u], 182: ['tcpSourcePort', u], 183: ['tcpDestinationPort', u],
  184: ['tcpSequenceNumber', u], 185: ['tcpAcknowledgementNumber', u], 186: ['tcpWindowSize', u],
  187: ['tcpUrgentPointer', u], 188: ['tcpHeaderLength', u], 189: ['ipHeaderLength', u],
  190: ['totalLengthIPv4', u], 191: ['payloadLengthIPv6', u], 192: ['ipTTL', u], 193: ['nextHeaderIPv6', u],
  194: ['mplsPayloadLength', u], 195: ['ipDiffServCodePoint', u], 196: ['ipPrecedence', u],
  197: ['fragmentFlags', u], 198: ['octetDeltaSumOfSquares', u], 199: ['octetTotalSumOfSquares', u],
  204: ['ipPayloadLength', u], 205: ['udpMessageLength', u], 206: ['isMulticast', u], 207: ['ipv4IHL', u],
  208: ['ipv4Options', u], 209: ['tcpOptions', u], 210: ['paddingOctets', 'octets'],
  211: ['collectorIPv4Address', 'ipv4'], 212: ['collectorIPv6Address', 'ipv6'], 213: ['exportInterface', u],
  214: ['exportProtocolVersion', u], 215: ['exportTransportProtocol', u], 216: ['collectorTransportPort', u],
  217: ['exporterTransportPort', u], 218: ['tcpSynTotalCount', u], 219: ['tcpFinTotalCount', u],
  220: ['tcpRstTotalCount', u], 221: ['tcpPshTotalCount', u], 222: ['tcpAckTotalCount', u],
  223: ['tcpUrgTotalCount', u], 224: ['ipTotalLength', u], 225: ['postNATSourceIPv4Address', 'ipv4'],
  226: ['postNATDestinationIPv4Address', 'ipv4'], 227: ['postNAPTSourceTransportPort', u],
  228: ['postNAPTDestinationTransportPort', u], 229: ['natOriginatingAddressRealm', u], 230: ['natEvent', u],
  231: ['initiatorOctets', u], 232: ['responderOctets', u], 233: ['firewallEvent', u],
  234: ['ingressVRFID', u], 235: ['egressVRFID', u], 236: ['VRFname', 'string'],
  237: ['postMplsTopLabelExp', u], 238: ['tcpWindowScale', u], 239: ['biflowDirection', u],
  240: ['ethernetHeaderLength', u], 241: ['ethernetPayloadLength', u], 242: ['ethernetTotalLength', u],
  243: ['dot1qVlanId', u], 244: ['dot1qPriority', u], 245: ['dot1qCustomerVlanId', u],
  246: ['dot1qCustomerPriority', u], 252: ['ingressPhysicalInterface', u], 253: ['egressPhysicalInterface', u],
  256: ['ethernetType', u], 257: ['dot1qDEI', u], 258: ['dot1qCustomerDEI', u],
  281: ['postNATSourceIPv6Address', 'ipv6'], 282: ['postNATDestinationIPv6Address', 'ipv6'],
  298: ['initiatorPackets', u], 299: ['responderPackets', u], 300: ['observationDomainName', 'string'],
  302: ['selectorId', u], 303: ['informationElementId', u], 304: ['selectorAlgorithm', u],
  305: ['samplingPacketInterval', u], 306: ['samplingPacketSpace', u], 307: ['samplingTimeInterval', u],
  308: ['samplingTimeSpace', u], 309: ['samplingSize', u], 310: ['samplingPopulation', u],
  311: ['samplingProbability', u], 312: ['dataLinkFrameSize', u], 313: ['ipHeaderPacketSection', 'octets'],
  315: ['dataLinkFrameSection', 'octets'], 322: ['observationTimeSeconds', u],
  323: ['observationTimeMilliseconds', u], 324: ['observationTimeMicroseconds', u],
  325: ['observationTimeNanoseconds', u], 335: ['selectorName', 'string'],
};

/** Enterprise numbers whose elements Podium can name. */
export const PEN_REVERSE = 29305; // RFC 5103 reverse information elements

const ENTERPRISE_NAMES: Record<number, string> = {
  [PEN_REVERSE]: 'reverse',
  9: 'cisco',
  2636: 'juniper',
  35632: 'ntop',
  6876: 'vmware',
};

/** Name and kind of an information element, or null when unknown. */
export function ieInfo(enterprise: number, id: number): IeInfo | null {
  if (enterprise === 0) {
    const e = IANA[id];
    return e ? { name: e[0], kind: e[1] } : null;
  }
  if (enterprise === PEN_REVERSE) {
    const e = IANA[id];
    return e ? { name: `reverse${e[0][0]!.toUpperCase()}${e[0].slice(1)}`, kind: e[1] } : null;
  }
  return null;
}

/** A display name for any element: the registry name, else `ie<id>` / `<pen name|e<PEN>>.<id>`. */
export function ieName(enterprise: number, id: number): string {
  const info = ieInfo(enterprise, id);
  if (info) return info.name;
  if (enterprise === 0) return `ie${id}`;
  const pen = ENTERPRISE_NAMES[enterprise];
  return pen ? `${pen}.${id}` : `e${enterprise}.${id}`;
}
