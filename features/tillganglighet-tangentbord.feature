# language: sv
@tillganglighet
Egenskap: Rutinens kärnflöden med bara tangentbordet
  Tillgänglighetskontroll utanför rutin 781659 R12; ingår inte i rutinens besked och
  redovisas för sig i godkännanderapporten. Den som inte kan använda en mus ska kunna
  logga in, söka upp en kund, öppna kundkortet och lägga till en kund (WCAG 2.1.1
  Tangentbord), och fokus ska gå i en begriplig ordning: in i en dialog när den öppnas,
  stanna kvar där så länge den är öppen och tillbaka till knappen som öppnade den när
  den stängs (WCAG 2.4.3 Fokusordning). Scenarierna använder bara Tab, Skift+Tab, Enter,
  Mellanslag och Escape (och pilarna i en meny) – och skriver det som ska sökas – aldrig
  musen. Dialogernas beteende (Escape stänger, fokus stannar kvar och går tillbaka) är
  WAI-ARIA:s mönster för modala dialoger, inte journalens UI-kontrakt.

  @egen-inloggning @egen-webblasare
  Scenario: Logga in med bara tangentbordet
    Givet att sjuksköterskan Sara har sitt SITHS-kort i läsaren
    När hon loggar in med tangentbordet
    Så ser hon att hon är inloggad med sitt namn och HSA-id

  Scenario: Söka upp en kund och öppna kundkortet med tangentbordet
    Givet att sjuksköterskan Sara är inloggad
    Och att det finns en kund i journalen
    När hon väljer Kunder – Sök kund med tangentbordet
    Och hon söker med tangentbordet på kundens personnummer skrivet som 12 siffror med bindestreck
    Så hittar hon kunden
    När hon öppnar kunden i sökresultatet med tangentbordet
    Så visas kundkortet med kundens sparade uppgifter

  @skriver
  Scenario: Lägga till en ny kund med uppgifter från PU-tjänsten med tangentbordet
    Givet att sjuksköterskan Sara är inloggad
    Och att det finns en ny kund i PU-tjänsten som delar både mobil och e-post från 1177
    När hon väljer Kunder – Sök kund med tangentbordet
    Och hon söker med tangentbordet på kundens personnummer skrivet som 12 siffror med bindestreck
    Så frågar journalen om kunden ska läggas till
    När hon väljer Lägg till kund med tangentbordet
    Så visas dialogen Lägg till kund med kundens personnummer
    När hon hämtar uppgifterna från PU-tjänsten med tangentbordet
    Så har namn och adress hämtats från PU-tjänsten
    Och är mobiltelefon och e-postadress hämtade enligt vad kunden delar från 1177
    När hon sparar med tangentbordet
    Så ser hon att kunden har sparats
    Och visar kundkortet uppgifterna från PU-tjänsten

  Scenario: Fokus stannar i dialogen Lägg till kund och går tillbaka till knappen som öppnade den
    Givet att sjuksköterskan Sara är inloggad
    Och att det finns en ny kund som inte finns i journalen
    Och att hon med tangentbordet har öppnat dialogen Lägg till kund för kunden
    Så står fokus i dialogen
    När hon trycker Tab fler gånger än dialogen har element att stanna på
    Så har fokus hela tiden stannat i dialogen
    När hon trycker Skift+Tab fler gånger än dialogen har element att stanna på
    Så har fokus hela tiden stannat i dialogen
    När hon stänger dialogen med Escape
    Så är dialogen stängd och fokus tillbaka på knappen Lägg till kund

  Scenario: Fokus stannar i dialogen Ändra kund och går tillbaka till knappen som öppnade den
    Givet att sjuksköterskan Sara är inloggad
    Och att det finns en kund i journalen
    Och att hon med tangentbordet har öppnat dialogen Ändra kund för kunden
    Så står fokus i dialogen
    När hon trycker Tab fler gånger än dialogen har element att stanna på
    Så har fokus hela tiden stannat i dialogen
    När hon trycker Skift+Tab fler gånger än dialogen har element att stanna på
    Så har fokus hela tiden stannat i dialogen
    När hon stänger dialogen med Escape
    Så är dialogen stängd och fokus tillbaka på knappen Ändra personuppgifter
