# language: sv
@rutin-2.5
Egenskap: Patient med skyddad identitet
  Rutin 781659 R12, avsnitt 2.5.
  För patienter med skyddad identitet visas denna text i samtliga vyer och endast
  personnummer visas. Notera! Inga uppgifter ska kompletteras manuellt.

  Bakgrund:
    Givet att sjuksköterskan Sara är inloggad

  @utbildning @krav-2.5-1 @krav-2.5-2
  Scenario: En kund med skyddad identitet visar bara personnumret i sökträffen och på kundkortet
    # Utbildning: Patienten har skyddad identitet.
    Givet att det finns en kund med skyddad identitet i journalen
    # Utbildning: Välj Kunder – Sök kund i menyn.
    Och att hon har valt Kunder – Sök kund
    # Utbildning: Skriv patientens personnummer (ÅÅÅÅMMDDNNNN) och klicka på Sök.
    När hon söker på kundens personnummer skrivet som 12 siffror
    # Utbildning: Träffen visar Skyddad identitet – inget namn och ingen adress.
    Så visar träffen Skyddad identitet i stället för namn och ingen adress
    # Utbildning: Namn och adress finns inte någonstans på sidan, inte ens dolda.
    Och finns inga av personens uppgifter i sidans källkod
    # Utbildning: Klicka på raden.
    När hon väljer kunden genom att klicka på raden
    # Utbildning (poängen): Kundkortet visar Skyddad identitet och bara personnumret.
    Så visar kundkortet Skyddad identitet och bara personnumret
    # Utbildning: Personuppgifterna kan inte ändras. Komplettera aldrig uppgifter för hand.
    Och kan hon inte ändra personuppgifterna
    # Utbildning: Inte heller kundkortet innehåller några dolda uppgifter om patienten.
    Och finns inga av personens uppgifter i sidans källkod

  @krav-2.5-1
  Scenario: En kund med skyddad identitet hittas inte på sitt namn
    Givet att det finns en kund med skyddad identitet i journalen
    Och att hon har valt Kunder – Sök kund
    När hon söker på personens efternamn
    Så finns kunden inte bland träffarna

  @krav-2.5-1 @krav-2.5-2
  Scenariomall: Dialogen Lägg till kund visar Skyddad identitet och tar inte emot uppgifter
    Givet att det finns en ny kund med <skydd> i PU-tjänsten
    Och att hon har öppnat dialogen Lägg till kund för kunden
    När hon hämtar uppgifterna från PU-tjänsten
    Så visar dialogen Skyddad identitet och inga uppgifter går att fylla i
    Och finns inga av personens uppgifter i sidans källkod

    Exempel:
      | skydd                 |
      | sekretessmarkering    |
      | skyddad folkbokföring |

  @skriver @krav-2.5-1 @krav-2.5-2
  Scenariomall: Kundkortet visar Skyddad identitet och bara personnumret
    Givet att det finns en ny kund med <skydd> i PU-tjänsten
    Och att hon har lagt till kunden från PU-tjänsten
    Så visar kundkortet Skyddad identitet och bara personnumret
    Och kan hon inte ändra personuppgifterna
    Och finns inga av personens uppgifter i sidans källkod
    När hon söker upp kunden igen
    Så visar kundkortet Skyddad identitet och bara personnumret
    Och finns inga av personens uppgifter i sidans källkod

    Exempel:
      | skydd                 |
      | sekretessmarkering    |
      | skyddad folkbokföring |

  @skriver @krav-2.5-1
  Scenariomall: Sökträffen visar Skyddad identitet och ingen adress
    Givet att det finns en ny kund med <skydd> i PU-tjänsten
    Och att hon har lagt till kunden från PU-tjänsten
    Och att hon har valt Kunder – Sök kund
    När hon söker på kundens personnummer skrivet som 12 siffror
    Så visar träffen Skyddad identitet i stället för namn och ingen adress
    Och finns inga av personens uppgifter i sidans källkod

    Exempel:
      | skydd                 |
      | sekretessmarkering    |
      | skyddad folkbokföring |

  @skriver @krav-2.5-2
  Scenariomall: Det som redan skrivits sparas inte när PU-tjänsten säger skyddad identitet
    Givet att det finns en ny kund med <skydd> i PU-tjänsten
    Och att hon har öppnat dialogen Lägg till kund för kunden
    Och att hon har fyllt i kundens förnamn och efternamn
    När hon hämtar uppgifterna från PU-tjänsten
    Så visar dialogen Skyddad identitet och inga uppgifter går att fylla i
    Och finns inga av personens uppgifter i sidans källkod
    När hon sparar
    Så visar kundkortet Skyddad identitet och bara personnumret
    Och finns inga av personens uppgifter i sidans källkod

    Exempel:
      | skydd                 |
      | sekretessmarkering    |
      | skyddad folkbokföring |
