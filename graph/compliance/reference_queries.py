"""The SPARQL of the compliance checks that issue 16 rewrote for speed, as they were before: check id → its SPARQL
target (when it has one) and its constraint, as written in ``ontology/rules/vneaf.ttl``. The reference engine
(:mod:`graph.compliance.reference`) runs these in place of the rewritten ones, and a test checks that both return
the same rows."""

BEFORE: dict[str, tuple[str, ...]] = {
    "vneaf-int-01-no-lgsp": (
        """
SELECT DISTINCT $this ?value ?other ?from ?rel ?to WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a egov:InServiceSystem .
  { ?value ?rel ?other . BIND(?value AS ?from) BIND(?other AS ?to) }
  UNION { ?other ?rel ?value . BIND(?other AS ?from) BIND(?value AS ?to) }
  FILTER(?rel IN (egov:connectsTo, egov:queriesDataFrom, egov:synchronizesWith, egov:feedsDataTo))
  ?other a egov:InformationSystem .
  OPTIONAL { ?other egov:locatedIn $this . BIND(true AS ?local) }
  FILTER(!BOUND(?local))
  OPTIONAL { ?value a ?exempt1 .
    FILTER(?exempt1 IN (egov:IntegrationPlatform, egov:DocumentExchangeAxis, egov:Network, egov:SecurityOperationsCentre,
      egov:TrustService, egov:PaymentPlatform, egov:ExternalSystem, egov:DataCentre)) }
  FILTER(!BOUND(?exempt1))
  OPTIONAL { ?other a ?exempt2 .
    FILTER(?exempt2 IN (egov:IntegrationPlatform, egov:DocumentExchangeAxis, egov:Network, egov:SecurityOperationsCentre,
      egov:TrustService, egov:PaymentPlatform, egov:ExternalSystem, egov:DataCentre, egov:NationalPublicServicePortal,
      egov:NationalReportingSystem, egov:NationalDatabase)) }
  FILTER(!BOUND(?exempt2))
  OPTIONAL { ?lgsp a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this . }
  FILTER(!BOUND(?lgsp))
}""",
    ),
    "vneaf-int-01-bypass": (
        """
SELECT DISTINCT $this ?value ?other ?from ?rel ?to WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a egov:InServiceSystem .
  { ?value ?rel ?other . BIND(?value AS ?from) BIND(?other AS ?to) }
  UNION { ?other ?rel ?value . BIND(?other AS ?from) BIND(?value AS ?to) }
  FILTER(?rel IN (egov:connectsTo, egov:queriesDataFrom, egov:synchronizesWith, egov:feedsDataTo))
  ?other a egov:InformationSystem .
  OPTIONAL { ?other egov:locatedIn $this . BIND(true AS ?local) }
  FILTER(!BOUND(?local))
  OPTIONAL { ?value a ?exempt1 .
    FILTER(?exempt1 IN (egov:IntegrationPlatform, egov:DocumentExchangeAxis, egov:Network, egov:SecurityOperationsCentre,
      egov:TrustService, egov:PaymentPlatform, egov:ExternalSystem, egov:DataCentre)) }
  FILTER(!BOUND(?exempt1))
  OPTIONAL { ?other a ?exempt2 .
    FILTER(?exempt2 IN (egov:IntegrationPlatform, egov:DocumentExchangeAxis, egov:Network, egov:SecurityOperationsCentre,
      egov:TrustService, egov:PaymentPlatform, egov:ExternalSystem, egov:DataCentre, egov:NationalPublicServicePortal,
      egov:NationalReportingSystem, egov:NationalDatabase)) }
  FILTER(!BOUND(?exempt2))
  ?lgsp a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this .
  OPTIONAL { ?value egov:exchangesDataVia ?via . ?via a egov:LGSP . }
  FILTER(!BOUND(?via))
}""",
    ),
    "vneaf-int-02-not-in-service": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:LGSP ; egov:locatedIn $this .
  OPTIONAL { ?ok a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this . }
  FILTER(!BOUND(?ok))
}""",
    ),
    "vneaf-int-02-not-named": (
        """
SELECT $this WHERE {
  $this a egov:Province .
  OPTIONAL { ?lgsp a egov:LGSP ; egov:locatedIn $this . }
  FILTER(!BOUND(?lgsp))
}""",
    ),
    "vneaf-int-02-several": (
        """
SELECT DISTINCT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this .
  ?other a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this .
  FILTER(?other != ?value)
}""",
    ),
    "vneaf-int-03-not-in-service": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:LGSP ; egov:locatedIn $this .
  OPTIONAL { ?ok a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this . }
  FILTER(!BOUND(?ok))
}""",
    ),
    "vneaf-int-03-ndxp": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this .
  OPTIONAL { ?up1 a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this ; egov:connectsTo ?national .
             ?national a egov:NationalIntegrationPlatform . }
  FILTER(!BOUND(?up1))
}""",
    ),
    "vneaf-int-03-ndop": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this .
  OPTIONAL { ?up2 a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this ; egov:connectsTo ?national .
             ?national a egov:DataOrchestrationPlatform . }
  FILTER(!BOUND(?up2))
}""",
    ),
    "vneaf-int-04-no-lgsp": (
        """
SELECT DISTINCT $this ?value ?db ?from ?rel ?to WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a egov:InServiceSystem ; egov:queriesDataFrom ?db .
  ?db a egov:NationalDatabase .
  OPTIONAL { ?lgsp a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this . }
  FILTER(!BOUND(?lgsp))
  BIND(?value AS ?from) BIND(egov:queriesDataFrom AS ?rel) BIND(?db AS ?to)
}""",
    ),
    "vneaf-int-04-direct": (
        """
SELECT DISTINCT $this ?value ?db ?from ?rel ?to WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a egov:InServiceSystem ; egov:queriesDataFrom ?db .
  ?db a egov:NationalDatabase .
  ?lgsp a egov:LGSP , egov:InServiceSystem ; egov:locatedIn $this .
  OPTIONAL { ?value egov:exchangesDataVia ?via . ?via a egov:LGSP ; egov:connectsTo ?national . ?national egov:connectsTo ?db . }
  FILTER(!BOUND(?via))
  BIND(?value AS ?from) BIND(egov:queriesDataFrom AS ?rel) BIND(?db AS ?to)
}""",
    ),
    "vneaf-doc-03-three-levels": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:DocumentManagementSystem , egov:InServiceSystem ; egov:locatedIn $this .
  OPTIONAL { ?full a egov:DocumentManagementSystem , egov:InServiceSystem ; egov:locatedIn $this ;
                   egov:servesLevel level:province , level:district , level:commune . }
  FILTER(!BOUND(?full))
}""",
    ),
    "vneaf-doc-03-two-levels": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:DocumentManagementSystem , egov:InServiceSystem ; egov:locatedIn $this .
  OPTIONAL { ?full a egov:DocumentManagementSystem , egov:InServiceSystem ; egov:locatedIn $this ;
                   egov:servesLevel level:province , level:commune . }
  FILTER(!BOUND(?full))
}""",
    ),
    "vneaf-svc-01-npsp": (
        """
SELECT DISTINCT ?this WHERE {
  ?this a egov:Province .
  ?t egov:locatedIn ?this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
}""",
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
  OPTIONAL { ?t egov:locatedIn $this ; a egov:InServiceSystem , ?k2 ; egov:integratesWith ?npsp .
             ?npsp a egov:NationalPublicServicePortal . FILTER(?k2 IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem)) }
  FILTER(!BOUND(?t))
}""",
    ),
    "vneaf-svc-02-dms": (
        """
SELECT DISTINCT ?this WHERE {
  ?this a egov:Province .
  ?t egov:locatedIn ?this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
}""",
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
  OPTIONAL { ?t egov:locatedIn $this ; a egov:InServiceSystem , ?k2 ; egov:integratesWith ?dms .
             ?dms a egov:DocumentManagementSystem . FILTER(?k2 IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem)) }
  FILTER(!BOUND(?t))
}""",
    ),
    "vneaf-svc-04-paygov": (
        """
SELECT DISTINCT ?this WHERE {
  ?this a egov:Province .
  ?t egov:locatedIn ?this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
}""",
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
  OPTIONAL { ?t egov:locatedIn $this ; a egov:InServiceSystem , ?k2 ; egov:paysVia ?pay .
             FILTER(?pay IN (system:paygov, system:npsp)) FILTER(?k2 IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem)) }
  FILTER(!BOUND(?t))
}""",
    ),
    "vneaf-svc-05-eid": (
        """
SELECT DISTINCT ?this WHERE {
  ?this a egov:Province .
  ?t egov:locatedIn ?this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
}""",
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
  OPTIONAL { ?t egov:locatedIn $this ; a egov:InServiceSystem , ?k2 ; egov:authenticatesVia ?id .
             FILTER(?id IN (system:vneid, system:eid-exchange)) FILTER(?k2 IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem)) }
  FILTER(!BOUND(?t))
}""",
    ),
    "vneaf-svc-06-levels": (
        """
SELECT $this ?value (COUNT(DISTINCT ?obs) AS ?count) WHERE {
  $this a egov:Province .
  { ?obs egov:observedEntity ?value . ?value egov:locatedIn $this . }
  UNION { ?obs egov:observedEntity $this . BIND($this AS ?value) }
  ?obs egov:serviceLevel ?level ; egov:periodEnd ?end .
  FILTER(STR(?level) IN ("1", "2", "3", "4") && ?end >= "2022-08-01"^^xsd:date)
} GROUP BY $this ?value""",
    ),
    "vneaf-data-01-population": (
        """
SELECT DISTINCT ?this WHERE {
  ?this a egov:Province .
  ?t egov:locatedIn ?this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
}""",
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value egov:locatedIn $this ; a ?k , egov:InServiceSystem .
  FILTER(?k IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem))
  OPTIONAL { ?t egov:locatedIn $this ; a egov:InServiceSystem , ?k2 ; egov:queriesDataFrom system:population-db .
             FILTER(?k2 IN (egov:ProvincialTTHCSystem, egov:ProvincialPublicServicePortal, egov:OneStopShopSystem)) }
  FILTER(!BOUND(?t))
}""",
    ),
    "vneaf-sec-04-soc-not-in-service": (
        """
SELECT $this ?value WHERE {
  $this a egov:Province .
  ?value a egov:SOC ; egov:locatedIn $this .
  OPTIONAL { ?ok a egov:SOC , egov:InServiceSystem ; egov:locatedIn $this . }
  FILTER(!BOUND(?ok))
}""",
    ),
    "vneaf-sec-04-soc-not-named": (
        """
SELECT $this WHERE {
  $this a egov:Province .
  OPTIONAL { ?soc a egov:SOC ; egov:locatedIn $this . }
  FILTER(!BOUND(?soc))
}""",
    ),
}
