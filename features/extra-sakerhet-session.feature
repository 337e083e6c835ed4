# language: sv
@extra-sakerhet @egen-inloggning
Egenskap: Extra säkerhetskontroll – sessionen hör till kortet som loggade in
  Ingår inte i rutin 781659 R12 och inte i rutinens besked; redovisas för sig i
  godkännanderapporten. Inloggningen sker med SITHS-kort: en session som har
  öppnats med ett kort ska inte gå att använda utan det kortet. Den som har fått
  tag i sessionen men saknar kortet – eller har någon annans – är inte inloggad
  och ser inga patientuppgifter.

  Bakgrund:
    Givet att sjuksköterskan Sara är inloggad
    Och att det finns en kund i journalen
    Och att hon har öppnat kundkortet

  @egen-webblasare
  Scenario: Sessionen går inte att använda i en webbläsare utan kort
    När hennes session används i en webbläsare utan kort
    Så är den webbläsaren inte inloggad och visar inget om kunden

  @egen-webblasare
  Scenario: Sessionen går inte att använda med en annan persons kort
    När hennes session används i en webbläsare med en annan persons kort
    Så är den webbläsaren inte inloggad och visar inget om kunden
