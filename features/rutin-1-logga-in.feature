# language: sv
@rutin-1 @egen-inloggning
Egenskap: Logga in i MittVaccin Journal
  Rutin 781659 R12, avsnitt 1.
  Inloggningen sker med SITHS-kort. Automatisk utloggning sker efter 45 minuters
  inaktivitet i MittVaccin Journal. Webbläsaren måste då stängas ned (alla flikar)
  och öppnas igen.

  @egen-webblasare @utbildning @krav-1-2
  Scenario: Inloggning med SITHS-kort visar vem som är inloggad
    # Utbildning: Sätt ditt SITHS-kort i kortläsaren och öppna MittVaccin Journal.
    Givet att sjuksköterskan Sara har sitt SITHS-kort i läsaren
    # Utbildning: Klicka på Logga in med SITHS-kort.
    När hon loggar in
    # Utbildning (poängen): Du är inloggad – ditt namn och ditt HSA-id visas överst till höger.
    Så ser hon att hon är inloggad med sitt namn och HSA-id

  @egen-webblasare @krav-1-2
  Scenario: Utan SITHS-kort går det inte att logga in
    Givet att Sara inte har något SITHS-kort i läsaren
    När hon loggar in
    Så nekas inloggningen eftersom inget giltigt SITHS-kort hittades

  @egen-webblasare @krav-1-2
  Scenario: Ett SITHS-kort som har gått ut godtas inte
    Givet att Ulla har ett SITHS-kort som har gått ut
    När hon loggar in
    Så nekas inloggningen eftersom inget giltigt SITHS-kort hittades

  @egen-webblasare @krav-1-2
  Scenario: Ett kort från en okänd utfärdare godtas inte
    Givet att Frida har ett SITHS-kort från en utfärdare som journalen inte litar på
    När hon loggar in
    Så nekas inloggningen eftersom inget giltigt SITHS-kort hittades

  @egen-webblasare @krav-1-2
  Scenario: Ett giltigt kort utan beställd behörighet godtas inte
    Givet att Olof har ett giltigt SITHS-kort men ingen behörighet till journalen
    När han loggar in
    Så nekas inloggningen eftersom kortets HSA-id saknar behörighet

  @egen-webblasare @krav-1-2
  Scenario: Journalens sidor kräver inloggning
    Givet att sjuksköterskan Sara har sitt SITHS-kort i läsaren
    När hon öppnar journalens startsida
    Så visas inloggningssidan

  @egen-webblasare @krav-1-2
  Scenario: Utloggning stänger journalen för webbläsaren
    Givet att sjuksköterskan Sara är inloggad
    Och att hon har valt Kunder – Sök kund
    När hon loggar ut
    Så ser hon att hon är utloggad
    Och är journalen stängd för webbläsaren tills hon loggar in igen

  @klocka @krav-1-3
  Scenario: En sekund före 45 minuters inaktivitet är hon fortfarande inloggad
    Givet att sjuksköterskan Sara är inloggad
    När 44 minuter och 59 sekunder går utan att hon gör något i journalen
    Så är hon fortfarande inloggad
    Och godtar journalen fortfarande hennes session

  @klocka @serverklocka @krav-1-3
  Scenario: Efter 45 minuters inaktivitet loggas hon ut i webbläsaren och i journalen
    Givet att sjuksköterskan Sara är inloggad
    När 45 minuter går utan att hon gör något i journalen
    Så loggas hon ut på grund av inaktivitet
    Och har journalen avslutat hennes session

  @klocka @serverklocka @krav-1-3
  Scenariomall: Journalen håller själv tiden även när ingen journalsida är öppen
    Givet att sjuksköterskan Sara är inloggad
    Och att hon har stängt journalens flik men inte webbläsaren
    När <tid> går utan att hon gör något i journalen
    Och hon öppnar journalen i en ny flik
    Så <utfall>

    Exempel:
      | tid                             | utfall                      |
      | 44 minuter och 59 sekunder      | är hon fortfarande inloggad |
      | 45 minuter                      | är hon inte längre inloggad |

  @klocka @krav-1-3
  Scenario: Aktivitet i journalen börjar om de 45 minuterna
    Givet att sjuksköterskan Sara är inloggad
    När 30 minuter går utan att hon gör något i journalen
    Och hon väljer Kunder – Sök kund
    Och 30 minuter går utan att hon gör något i journalen
    Så är hon fortfarande inloggad
    När 15 minuter går utan att hon gör något i journalen
    Så loggas hon ut på grund av inaktivitet

  # Journalen själv (inte bara sidans egen timer) räknar från den senaste aktiviteten:
  # utan det här scenariot märktes det inte om servern bara räknade från inloggningen.
  @klocka @serverklocka @krav-1-3
  Scenario: Journalen räknar de 45 minuterna från hennes senaste aktivitet
    Givet att sjuksköterskan Sara är inloggad
    När 30 minuter går utan att hon gör något i journalen
    Och hon väljer Kunder – Sök kund
    Och 30 minuter går utan att hon gör något i journalen
    Så godtar journalen fortfarande hennes session

  @klocka @krav-1-4
  Scenario: Efter utloggning för inaktivitet måste webbläsaren stängas
    Givet att sjuksköterskan Sara är inloggad
    Och att hon har loggats ut på grund av inaktivitet
    När hon loggar in igen i samma webbläsare
    Så nekas inloggningen med uppmaningen att stänga webbläsaren

  @klocka @krav-1-4
  Scenario: Efter utloggning för inaktivitet kan hon logga in i en ny webbläsare
    Givet att sjuksköterskan Sara är inloggad
    Och att hon har loggats ut på grund av inaktivitet
    När hon öppnar en ny webbläsare och loggar in
    Så ser hon att hon är inloggad med sitt namn och HSA-id
