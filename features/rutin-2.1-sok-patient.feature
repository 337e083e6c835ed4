# language: sv
@rutin-2.1
Egenskap: Sök patient
  Rutin 781659 R12, avsnitt 2.1.
  Välj Kunder – Sök kund. Ange personnummer eller namn, minst fyra tecken krävs.
  Systemet söker utifrån det som anges. Det är även möjligt att söka på fullständigt
  telefonnummer eller e-postadress. Välj patient genom att klicka på raden.

  Bakgrund:
    Givet att sjuksköterskan Sara är inloggad
    Och att det finns en kund i journalen

  @krav-2.1-1
  Scenario: Sök kund nås via menyn Kunder
    När hon väljer Kunder – Sök kund
    Så visas sidan Sök kund

  @krav-2.1-2
  Scenariomall: Minst fyra tecken krävs för att söka
    Givet att hon har valt Kunder – Sök kund
    När hon söker på <sökord>
    Så <utfall>

    Exempel:
      | sökord                                         | utfall                                              |
      | de tre första bokstäverna i kundens efternamn  | ombeds hon ange minst fyra tecken och ingen sökning görs |
      | "  ab  "                                       | ombeds hon ange minst fyra tecken och ingen sökning görs |
      | de fyra första bokstäverna i kundens efternamn | finns kunden bland träffarna                        |

  @krav-2.1-2 @krav-2.1-3
  Scenariomall: Sökning på personnummer i olika skrivsätt
    Givet att hon har valt Kunder – Sök kund
    När hon söker på kundens personnummer skrivet som <skrivsätt>
    Så hittar hon kunden

    Exempel:
      | skrivsätt                  |
      | 12 siffror                 |
      | 12 siffror med bindestreck |
      | 10 siffror                 |
      | 10 siffror med bindestreck |

  @krav-2.1-2 @krav-2.1-3
  Scenariomall: Personnummer för den som fyllt hundra skrivs med plustecken
    Givet att det finns en kund som är över hundra år i journalen
    Och att hon har valt Kunder – Sök kund
    När hon söker på kundens personnummer skrivet som <skrivsätt>
    Så hittar hon kunden

    Exempel:
      | skrivsätt                  |
      | 12 siffror                 |
      | 10 siffror med plustecken  |

  @krav-2.1-3
  Scenariomall: Sökning på samordningsnummer i olika skrivsätt
    Givet att det finns en kund med samordningsnummer i journalen
    Och att hon har valt Kunder – Sök kund
    När hon söker på kundens samordningsnummer skrivet som <skrivsätt>
    Så hittar hon kunden

    Exempel:
      | skrivsätt                  |
      | 12 siffror                 |
      | 12 siffror med bindestreck |
      | 10 siffror                 |
      | 10 siffror med bindestreck |

  @krav-2.1-2 @krav-2.1-3
  Scenariomall: Sökning på namn hittar varje del av namnet oavsett skiftläge
    Givet att hon har valt Kunder – Sök kund
    När hon söker på <sökord>
    Så finns kunden bland träffarna

    Exempel:
      | sökord                                      |
      | kundens förnamn                             |
      | kundens efternamn                           |
      | kundens efternamn med versaler              |
      | kundens efternamn med gemener               |
      | en del av kundens efternamn med å, ä eller ö |

  @krav-2.1-4
  Scenariomall: Fullständigt telefonnummer hittar kunden i alla vanliga skrivsätt
    Givet att hon har valt Kunder – Sök kund
    När hon söker på kundens telefonnummer skrivet <skrivsätt>
    Så finns kunden bland träffarna

    Exempel:
      | skrivsätt                      |
      | med mellanslag                 |
      | med bindestreck                |
      | med bindestreck och mellanslag |
      | internationellt                |
      | internationellt sammanskrivet  |

  @krav-2.1-4
  Scenario: En del av ett telefonnummer hittar ingen
    Givet att hon har valt Kunder – Sök kund
    När hon söker på en del av kundens telefonnummer
    Så hittas inga kunder

  @krav-2.1-4
  Scenariomall: Fullständig e-postadress hittar kunden oavsett skiftläge
    Givet att hon har valt Kunder – Sök kund
    När hon söker på <sökord>
    Så hittar hon kunden

    Exempel:
      | sökord                           |
      | kundens e-postadress             |
      | kundens e-postadress med versaler |

  @krav-2.1-4
  Scenario: En del av en e-postadress hittar ingen
    Givet att hon har valt Kunder – Sök kund
    När hon söker på en del av kundens e-postadress
    Så hittas inga kunder

  @krav-2.1-3
  Scenariomall: Ett personnummer med fel kontrollsiffra är ogiltigt
    Givet att hon har valt Kunder – Sök kund
    När hon söker på kundens personnummer med fel kontrollsiffra skrivet som <skrivsätt>
    Så får hon beskedet att personnumret är ogiltigt

    Exempel:
      | skrivsätt                  |
      | 12 siffror                 |
      | 10 siffror med bindestreck |

  @krav-2.1-3 @krav-2.2-1
  Scenariomall: Ett giltigt nummer som inte finns i journalen ger frågan om att lägga till kunden
    Givet att hon har valt Kunder – Sök kund
    När hon söker på <sökord>
    Så frågar journalen om kunden ska läggas till

    Exempel:
      | sökord                                                                   |
      | ett giltigt personnummer som inte finns i journalen skrivet som 12 siffror |
      | ett giltigt personnummer som inte finns i journalen skrivet som 10 siffror med bindestreck |
      | ett giltigt samordningsnummer som inte finns i journalen                 |

  @utbildning @krav-2.1-5
  Scenario: Kunden väljs genom att klicka på raden
    # Utbildning: Välj Kunder – Sök kund i menyn.
    Givet att hon har valt Kunder – Sök kund
    # Utbildning: Skriv patientens personnummer (ÅÅÅÅMMDD-NNNN) och klicka på Sök.
    # Du kan också söka på namn, fullständigt telefonnummer eller e-postadress.
    När hon söker på kundens personnummer skrivet som 12 siffror med bindestreck
    # Utbildning: Klicka på patientens rad i träfflistan.
    Och hon väljer kunden genom att klicka på raden
    # Utbildning (poängen): Kundkortet öppnas med patientens uppgifter.
    Så visas kundkortet med kundens sparade uppgifter

  @krav-2.5-1
  Scenario: En kund med skyddad identitet visas utan namn och adress
    Givet att det finns en kund med skyddad identitet i journalen
    Och att hon har valt Kunder – Sök kund
    När hon söker på kundens personnummer skrivet som 12 siffror
    Så visar träffen Skyddad identitet i stället för namn och ingen adress

  @krav-2.5-1
  Scenario: En kund med skyddad identitet hittas inte på annat än nummer
    Givet att det finns en kund med skyddad identitet i journalen
    Och att hon har valt Kunder – Sök kund
    När hon söker på "Skyddad identitet"
    Så hittas inga kunder
