# language: sv
@rutin-2.3
Egenskap: Lägga till patient med reservnummer eller samordningsnummer
  Rutin 781659 R12, avsnitt 2.3.
  Klicka på knappen Lägg till ny kund. Klicka på Lägg till kund med reservnummer.
  I dialogen Lägg till kund med reservnummer måste födelsedatum och övrig information
  anges. Klicka sedan på knappen Spara. Samordningsnummer kan i vissa fall hämtas via
  PU-tjänsten. I annat fall anges informationen på samma sätt.

  Bakgrund:
    Givet att sjuksköterskan Sara är inloggad

  @krav-2.3-1 @krav-2.3-2
  Scenario: Lägg till ny kund leder till dialogen Lägg till kund med reservnummer
    Givet att hon har valt Kunder – Sök kund
    När hon väljer Lägg till ny kund och Lägg till kund med reservnummer
    Så visas dialogen Lägg till kund med reservnummer

  @skriver @utbildning @krav-2.3-1 @krav-2.3-2 @krav-2.3-3 @krav-2.3-4
  Scenario: Kunden får ett reservnummer och födelsedatumet sparas
    # Utbildning: Patientens personnummer är inte känt – patienten får ett reservnummer.
    Givet att det finns en ny kund vars personnummer inte är känt
    # Utbildning: Välj Kunder – Sök kund, klicka på Lägg till ny kund och sedan på
    # Lägg till kund med reservnummer.
    Och att hon har öppnat dialogen Lägg till kund med reservnummer
    # Utbildning: Fyll i födelsedatum (ÅÅÅÅ-MM-DD), kön, namn, adress och kontaktuppgifter.
    När hon fyller i kundens uppgifter
    # Utbildning: Klicka på Spara.
    Och hon sparar
    # Utbildning: Journalen bekräftar att patienten är sparad.
    Så ser hon att kunden har sparats
    # Utbildning (poängen): Journalen har gett patienten ett reservnummer – det visas på kundkortet.
    Och visar kundkortet ett giltigt reservnummer för kundens födelseår
    # Utbildning: Kundkortet visar födelsedatumet och de övriga uppgifterna.
    Och visar kundkortet kundens födelsedatum och övriga uppgifter

  @skriver @krav-2.3-4
  Scenario: Kunden med reservnummer hittas på sitt reservnummer
    Givet att det finns en ny kund vars personnummer inte är känt
    Och att hon har lagt till kunden med reservnummer
    När hon söker efter kunden på reservnumret
    Så hittar hon kunden med reservnumret

  @skriver @krav-2.3-3
  Scenariomall: Utan födelsedatum, namn eller kön sparas kunden inte
    Givet att det finns en ny kund vars personnummer inte är känt
    Och att hon har öppnat dialogen Lägg till kund med reservnummer
    När hon fyller i kundens uppgifter med <fält> <värde>
    Och hon sparar
    Så stannar dialogen kvar med beskedet att <problem>
    Och finns allt hon fyllt i kvar
    Och har ingen kund med kundens namn sparats

    Exempel:
      | fält         | värde        | problem                        |
      | födelsedatum | ""           | födelsedatum saknas            |
      | födelsedatum | "1985-13-40" | födelsedatumet är ogiltigt     |
      | födelsedatum | "1985-02-30" | födelsedatumet är ogiltigt     |
      | födelsedatum | i morgon     | födelsedatumet är i framtiden  |
      | kön          | inget        | kön saknas                     |
      | förnamn      | ""           | förnamn saknas                 |
      | postnummer   | "1234"       | postnumret inte är fem siffror |

  @skriver @krav-2.3-5
  Scenario: Ett samordningsnummer som PU-tjänsten känner till hämtas därifrån
    Givet att det finns en ny kund med samordningsnummer i PU-tjänsten
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon hämtar uppgifterna från PU-tjänsten
    Så har namn och adress hämtats från PU-tjänsten
    Och är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177
    När hon sparar
    Så ser hon att kunden har sparats
    Och visar kundkortet uppgifterna från PU-tjänsten

  @skriver @krav-2.3-6
  Scenario: Ett samordningsnummer som PU-tjänsten inte känner till fylls i för hand
    Givet att det finns en ny kund med samordningsnummer som inte finns i PU-tjänsten
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon hämtar uppgifterna från PU-tjänsten
    Så får hon beskedet att personen inte finns i PU-tjänsten
    När hon fyller i kundens uppgifter
    Och hon sparar
    Så visas kundkortet med kundens sparade uppgifter
    När hon väljer Kunder – Sök kund
    Och hon söker på kundens samordningsnummer skrivet som 10 siffror med bindestreck
    Så hittar hon kunden
