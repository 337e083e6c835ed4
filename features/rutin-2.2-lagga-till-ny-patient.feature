# language: sv
@rutin-2.2
Egenskap: Lägga till ny patient
  Rutin 781659 R12, avsnitt 2.2.
  Om personnumret inte finns i MittVaccin Journal visas en fråga om patienten ska
  läggas till. Klicka på knappen Lägg till kund. I dialogen Lägg till kund visas
  personnumret. Klicka på knappen Hämta från PU-tjänsten för att hämta namn och adress.
  E-post och telefonnummer hämtas om patienten har registrerat dessa på 1177 och angett
  att de delar uppgifterna med vården. Om de inte hämtas kan de läggas till manuellt.
  Radioknappen Båda är förvalt som kontaktväg, men kan ändras. Kryssrutan Kunden
  samtycker till att dennes kontaktuppgifter används vid utskick av erbjudanden används
  endast av privata vårdgivare och ska inte markeras av regionen. Klicka på knappen Spara.

  Bakgrund:
    Givet att sjuksköterskan Sara är inloggad

  @krav-2.2-1 @krav-2.2-2 @krav-2.2-3
  Scenario: Frågan om att lägga till kunden leder till dialogen som visar personnumret
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har valt Kunder – Sök kund
    När hon söker på kundens personnummer skrivet som 10 siffror med bindestreck
    Så frågar journalen om kunden ska läggas till
    När hon väljer Lägg till kund
    Så visas dialogen Lägg till kund med kundens personnummer

  @skriver @krav-2.2-4 @krav-2.2-5 @krav-2.2-6 @krav-2.2-9
  Scenariomall: Hämta från PU-tjänsten fyller i namn, adress och det kunden delar från 1177
    Givet att det finns en ny kund i PU-tjänsten som delar <delning> från 1177
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon hämtar uppgifterna från PU-tjänsten
    Så har namn och adress hämtats från PU-tjänsten
    Och är mobiltelefonen <mobil> och e-postadressen <epost>
    När hon fyller i det som inte hämtades
    Och hon sparar
    Så ser hon att kunden har sparats
    Och visar kundkortet uppgifterna från PU-tjänsten och det hon fyllt i

    Exempel:
      | delning               | mobil  | epost  |
      | både mobil och e-post | hämtad | hämtad |
      | bara mobil            | hämtad | tom    |
      | bara e-post           | tom    | hämtad |
      | ingenting             | tom    | tom    |

  # Utbildningsscenariot: så arbetar sjuksköterskan – sök först, hämta sedan från
  # PU-tjänsten och fyll bara i för hand det som inte hämtades.
  @skriver @utbildning @krav-2.2-1 @krav-2.2-2 @krav-2.2-3 @krav-2.2-4 @krav-2.2-5 @krav-2.2-6 @krav-2.2-9
  Scenario: Ny patient – hämta från PU-tjänsten och komplettera det som saknas
    # Utbildning: Patienten är ny i journalen. I PU-tjänsten finns namn och adress;
    # på 1177 delar patienten bara sitt mobilnummer med vården.
    Givet att det finns en ny kund i PU-tjänsten som delar bara mobil från 1177
    # Utbildning: Välj Kunder – Sök kund i menyn.
    Och att hon har valt Kunder – Sök kund
    # Utbildning: Skriv patientens personnummer (ÅÅÅÅMMDD-NNNN) och klicka på Sök.
    När hon söker på kundens personnummer skrivet som 12 siffror med bindestreck
    # Utbildning: Personnumret finns inte i journalen. Journalen frågar om patienten ska
    # läggas till.
    Så frågar journalen om kunden ska läggas till
    # Utbildning: Klicka på Lägg till kund.
    När hon väljer Lägg till kund
    # Utbildning: Dialogen Lägg till kund öppnas med personnumret ifyllt.
    Så visas dialogen Lägg till kund med kundens personnummer
    # Utbildning: Klicka först på Hämta från PU-tjänsten – skriv inget för hand innan.
    När hon hämtar uppgifterna från PU-tjänsten
    # Utbildning: Namn och adress hämtas från PU-tjänsten.
    Så har namn och adress hämtats från PU-tjänsten
    # Utbildning (poängen): Mobilnumret hämtades från 1177. E-postadressen delar patienten inte –
    # den är tom.
    Och är mobiltelefonen hämtad och e-postadressen tom
    # Utbildning: Fråga patienten och fyll i det som saknas för hand, här e-postadressen.
    # Kontaktvägen Båda är förvald; kryssrutan för erbjudanden markeras inte av regionen.
    När hon fyller i det som inte hämtades
    # Utbildning: Klicka på Spara.
    Och hon sparar
    # Utbildning: Journalen bekräftar att patienten är sparad.
    Så ser hon att kunden har sparats
    # Utbildning: Kundkortet visar uppgifterna från PU-tjänsten och det du fyllde i.
    Och visar kundkortet uppgifterna från PU-tjänsten och det hon fyllt i

  @skriver @krav-2.2-4 @krav-2.2-9
  Scenario: En person som inte finns i PU-tjänsten fylls i för hand
    Givet att det finns en ny kund som inte finns i PU-tjänsten
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon hämtar uppgifterna från PU-tjänsten
    Så får hon beskedet att personen inte finns i PU-tjänsten
    När hon fyller i kundens uppgifter
    Och hon sparar
    Så ser hon att kunden har sparats
    Och visas kundkortet med kundens sparade uppgifter

  @stubb-pu @skriver @krav-2.2-4 @krav-2.2-9
  Scenario: När PU-tjänsten inte svarar går inget förlorat och uppgifterna fylls i för hand
    Givet att det finns en ny kund i PU-tjänsten som delar både mobil och e-post från 1177
    Och att PU-tjänsten inte svarar
    Och att hon har öppnat dialogen Lägg till kund för kunden
    Och att hon har fyllt i kundens förnamn och efternamn
    När hon hämtar uppgifterna från PU-tjänsten
    Så får hon beskedet att PU-tjänsten inte svarar
    Och finns allt hon fyllt i kvar
    När hon fyller i kundens övriga uppgifter
    Och hon sparar
    Så ser hon att kunden har sparats
    Och visas kundkortet med kundens sparade uppgifter

  @stubb-pu @skriver @krav-2.2-4 @krav-2.2-9
  Scenario: När PU-tjänsten svarar för långsamt går inget förlorat och uppgifterna fylls i för hand
    Givet att det finns en ny kund i PU-tjänsten som delar både mobil och e-post från 1177
    Och att PU-tjänsten svarar för långsamt
    Och att hon har öppnat dialogen Lägg till kund för kunden
    Och att hon har fyllt i kundens förnamn och efternamn
    När hon hämtar uppgifterna från PU-tjänsten
    Så får hon beskedet att PU-tjänsten inte svarar
    Och finns allt hon fyllt i kvar
    När hon fyller i kundens övriga uppgifter
    Och hon sparar
    Så ser hon att kunden har sparats
    Och visas kundkortet med kundens sparade uppgifter

  @skriver @krav-2.2-7
  Scenariomall: Kontaktvägen Båda är förvald men kan ändras
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    Så är kontaktvägen Båda förvald
    När hon fyller i kundens uppgifter
    Och hon väljer kontaktvägen <kontaktväg>
    Och hon sparar
    Så visar kundkortet kontaktvägen <kontaktväg>

    Exempel:
      | kontaktväg |
      | SMS        |
      | E-post     |

  @skriver @krav-2.2-8
  Scenario: Regionen markerar inte samtycket till erbjudanden
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    Så är kryssrutan för samtycke till erbjudanden inte markerad
    När hon fyller i kundens uppgifter
    Och hon sparar
    Så visar kundkortet att kunden inte samtycker till erbjudanden

  @skriver @krav-2.2-9
  Scenario: Spara lägger till kunden och visar kundkortet
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon fyller i kundens uppgifter
    Och hon sparar
    Så ser hon att kunden har sparats
    Och visas kundkortet med kundens sparade uppgifter

  @krav-2.2-9
  Scenario: Avbryt sparar ingenting
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon fyller i kundens uppgifter
    Och hon avbryter
    Så har kunden inte sparats

  @skriver @krav-2.2-9
  Scenariomall: Felaktiga uppgifter sparas inte
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon fyller i kundens uppgifter med <fält> <värde>
    Och hon sparar
    Så stannar dialogen kvar med beskedet att <problem>
    Och finns allt hon fyllt i kvar
    Och har kunden inte sparats

    Exempel:
      | fält         | värde            | problem                                   |
      | förnamn      | ""               | förnamn saknas                            |
      | efternamn    | ""               | efternamn saknas                          |
      | postnummer   | "1234"           | postnumret inte är fem siffror            |
      | postnummer   | "123456"         | postnumret inte är fem siffror            |
      | postnummer   | "12a45"          | postnumret inte är fem siffror            |
      | mobiltelefon | "070-174"        | mobiltelefonen inte är ett svenskt nummer |
      | mobiltelefon | "telefon"        | mobiltelefonen inte är ett svenskt nummer |
      | e-post       | "kund.example.se" | e-postadressen är ogiltig                |
      | e-post       | "kund@"          | e-postadressen är ogiltig                 |

  @skriver @egen-webblasare @krav-2.2-9
  Scenario: Ett personnummer som redan finns läggs inte till en gång till
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    Och att en kollega har lagt till kunden under tiden
    När hon fyller i kundens uppgifter
    Och hon sparar
    Så får hon beskedet att personnumret redan finns
    Och finns kunden bara en gång i journalen

  @skriver @krav-2.2-9
  Scenariomall: Ovanliga och elaka uppgifter sparas och visas precis som de skrevs
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon fyller i kundens uppgifter med <fält> <värde>
    Och hon sparar
    Så visar kundkortet det hon fyllde i
    Och har inget skript i uppgifterna körts

    Exempel:
      | fält             | värde                              |
      | förnamn          | "<script>alert(1)</script>"        |
      | efternamn        | "<b>fet</b>"                       |
      | efternamn        | "Robert'); DROP TABLE kunder;--"   |
      | utdelningsadress | "Gatan "Ett" 1 & 'två' <lgh 3>"    |
      | förnamn          | "Zoë-Åsa Ängel-Müller"             |
      | efternamn        | "Öberg-Ünal d'Éboli"               |
      | förnamn          | 200 tecken                         |
      | efternamn        | 200 tecken                         |
      | utdelningsadress | 200 tecken                         |
      | ort              | 200 tecken                         |

  @skriver @krav-2.2-9
  Scenariomall: Den nya kunden hittas när hon söker
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har lagt till kunden
    Och att hon har valt Kunder – Sök kund
    När hon söker på <sökord>
    Så finns kunden bland träffarna

    Exempel:
      | sökord                                        |
      | kundens personnummer skrivet som 12 siffror   |
      | kundens förnamn                               |
      | kundens efternamn                             |
      | kundens telefonnummer skrivet med bindestreck |
      | kundens e-postadress                          |

  @stubb-omstart @skriver @krav-2.2-9
  Scenario: En ny kund finns kvar när journalen har startats om
    Givet att det finns en ny kund som inte finns i journalen
    Och att hon har lagt till kunden
    När journalen startas om
    Och hon söker upp kunden igen
    Så visas kundkortet med kundens sparade uppgifter
