# language: sv
@rutin-2.4
Egenskap: Ändra personuppgifter
  Rutin 781659 R12, avsnitt 2.4.
  Klicka på knappen Ändra personuppgifter för att ändra patientinformationen.
  I dialogen Ändra kund kan patientinformationen ändras.

  Bakgrund:
    Givet att sjuksköterskan Sara är inloggad

  @krav-2.4-1
  Scenario: Ändra kund visar kundens sparade uppgifter
    Givet att det finns en kund i journalen
    Och att hon har öppnat kundkortet
    När hon väljer Ändra personuppgifter
    Så visas dialogen Ändra kund med kundens sparade uppgifter

  @skriver @utbildning @krav-2.4-1 @krav-2.4-2
  Scenario: En ändring sparas och visas på kundkortet
    # Utbildning: Patienten finns i journalen och har flyttat och bytt mobilnummer.
    Givet att det finns en kund som just har lagts till i journalen
    # Utbildning: Sök upp patienten, klicka på raden och sedan på Ändra personuppgifter.
    Och att hon har öppnat dialogen Ändra kund för kunden
    # Utbildning: Skriv den nya adressen och det nya mobilnumret i dialogen Ändra kund.
    När hon ändrar kundens adress och mobiltelefon
    # Utbildning: Klicka på Spara.
    Och hon sparar
    # Utbildning: Journalen bekräftar att ändringen är sparad.
    Så ser hon att kunden har sparats
    # Utbildning (poängen): Kundkortet visar den nya adressen och det nya mobilnumret.
    Och visar kundkortet de ändrade uppgifterna

  @skriver @krav-2.4-2
  Scenario: Avbryt ändrar ingenting
    Givet att det finns en kund som just har lagts till i journalen
    Och att hon har öppnat dialogen Ändra kund för kunden
    När hon ändrar kundens adress och mobiltelefon
    Och hon avbryter
    Så är kundens uppgifter oförändrade

  @skriver @krav-2.4-2
  Scenariomall: Felaktiga ändringar sparas inte
    Givet att det finns en kund som just har lagts till i journalen
    Och att hon har öppnat dialogen Ändra kund för kunden
    När hon ändrar <fält> till <värde>
    Och hon sparar
    Så stannar dialogen kvar med beskedet att <problem>
    Och finns allt hon fyllt i kvar
    Och är kundens uppgifter oförändrade

    Exempel:
      | fält         | värde     | problem                                   |
      | förnamn      | ""        | förnamn saknas                            |
      | efternamn    | ""        | efternamn saknas                          |
      | postnummer   | "1234"    | postnumret inte är fem siffror            |
      | mobiltelefon | "070-174" | mobiltelefonen inte är ett svenskt nummer |
      | e-post       | "kund@"   | e-postadressen är ogiltig                 |

  @krav-2.4-1
  Scenario: Ändra kund för en kund med reservnummer visar reservnumret
    Givet att det finns en kund med reservnummer i journalen
    Och att hon har öppnat kundkortet
    När hon väljer Ändra personuppgifter
    Så visas dialogen Ändra kund med kundens sparade uppgifter

  @skriver @krav-2.4-2
  Scenariomall: Reservnumret ersätts när kundens riktiga nummer blir känt
    Givet att det finns en kund med reservnummer som just har lagts till i journalen
    Och att hon har öppnat dialogen Ändra kund för kunden
    När hon fyller i kundens riktiga <nummer> i stället för reservnumret
    Och hon sparar
    Så visar kundkortet det nya numret som personnummer

    Exempel:
      | nummer            |
      | personnummer      |
      | samordningsnummer |

  @skriver @krav-2.4-2
  Scenario: Ett nummer som en annan kund redan har godtas inte
    Givet att det finns en kund med reservnummer som just har lagts till i journalen
    Och att det finns en annan kund i journalen
    Och att hon har öppnat dialogen Ändra kund för kunden
    När hon fyller i den andra kundens personnummer i stället för reservnumret
    Och hon sparar
    Så stannar dialogen kvar med beskedet att numret finns hos en annan kund
    Och har kunden kvar sitt reservnummer

  @skriver @krav-2.4-2
  Scenariomall: Ett ogiltigt nummer ersätter inte reservnumret
    Givet att det finns en kund med reservnummer som just har lagts till i journalen
    Och att hon har öppnat dialogen Ändra kund för kunden
    När hon fyller i <nummer> i stället för reservnumret
    Och hon sparar
    Så stannar dialogen kvar med beskedet att numret är ogiltigt
    Och har kunden kvar sitt reservnummer

    Exempel:
      | nummer                                  |
      | ett personnummer med fel kontrollsiffra |
      | ett reservnummer                        |
      | "1234-5678"                             |

  @stubb-omstart @skriver @krav-2.4-2
  Scenario: En ändring finns kvar när journalen har startats om
    Givet att det finns en kund som just har lagts till i journalen
    Och att hon har ändrat kundens adress och mobiltelefon
    När journalen startas om
    Och hon söker upp kunden igen
    Så visar kundkortet de ändrade uppgifterna
