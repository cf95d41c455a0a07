"""Reply wording for chat and suggest, per language (en, fr, es, pt, de). Data only; replies.py assembles it.

A reply is: an opener (some intents only), the line that answers the fan's intent, a segment line (greeting
and purchase only, where it fits), and a close that fits the intent (none after a question, money trouble or
rudeness: there the line is the whole answer). Several wordings of each part keep 20 replies from sounding
alike. Placeholders: {name} (" Mia" or ""), {offer} (an offer with its article, from OFFERS), {price}.
"""

from __future__ import annotations

from huntaze_cli.agents.schemas import Tactic

T = Tactic

# Intents in the order they are tested: a rude or money-troubled message is answered as such even when it
# names an item ("I can't afford your video").
INTENTS = ("rude", "money", "purchase", "missing", "plans", "wellbeing", "compliment", "greeting", "question",
           "general")

# Phrases (any language: a fan may mix) that reveal an intent. Matched on whole words, case-insensitively.
INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "rude": ("ugly", "stupid", "idiot", "bitch", "slut", "whore", "fake", "scam", "scammer", "shut up",
             "fuck you", "fuck off", "loser", "pathetic", "disgusting", "trash", "hate you", "worthless",
             "moche", "conne", "connasse", "salope", "pute", "arnaque", "ta gueule", "ferme la", "dégueulasse",
             "pathétique", "je te déteste", "fea", "estúpida", "idiota", "puta", "zorra", "estafa", "cállate",
             "asquerosa", "te odio", "feia", "burra", "vadia", "golpista", "cala a boca", "nojenta", "te odeio",
             "hässlich", "dumm", "blöd", "schlampe", "hure", "betrug", "halt die klappe", "halts maul",
             "ekelhaft", "ich hasse dich"),
    "money": ("can't afford", "cannot afford", "cant afford", "no money", "broke", "too expensive", "can't pay",
              "money is tight", "money's tight", "short on cash", "out of money", "lost my job", "tight budget",
              "pas d'argent", "plus d'argent", "fauché", "fauchée", "trop cher", "trop chère", "pas les moyens",
              "fin de mois", "peux pas payer", "budget serré", "no tengo dinero", "sin dinero", "no me alcanza",
              "muy caro", "demasiado caro", "no puedo pagar", "sin plata", "no tengo plata", "sem dinheiro",
              "não tenho dinheiro", "sem grana", "muito caro", "não posso pagar", "tô duro", "kein geld",
              "pleite", "zu teuer", "nicht leisten", "knapp bei kasse", "kann nicht zahlen"),
    "purchase": ("price", "buy", "cost", "how much", "ppv", "unlock", "purchase", "combien", "acheter", "prix",
                 "débloquer", "je le veux", "je la veux", "tu le veux", "want it", "lo quieres",
                 "cuánto cuesta", "cuanto cuesta", "comprar", "precio",
                 "lo quiero", "quanto custa", "quanto é", "preço", "eu quero", "wie viel kostet", "wieviel",
                 "kaufen", "preis", "kostet", "freischalten"),
    "missing": ("miss you", "missed you", "missing you", "thinking of you", "thought of you", "where have you been",
                "tu me manques", "tu m'as manqué", "pense à toi", "pensé à toi", "t'étais où", "te extraño",
                "te echo de menos", "te extrañé", "pienso en ti", "saudade", "saudades", "sinto sua falta",
                "senti sua falta", "penso em você", "vermisse dich", "vermisst", "fehlst mir", "denke an dich"),
    "plans": ("up to", "what are you doing", "what you doing", "whatcha doing", "wyd", "plans tonight",
              "plans for tonight", "any plans", "tu fais quoi", "que fais-tu", "qu'est-ce que tu fais",
              "des projets", "qué haces", "que haces", "qué estás haciendo", "que estas haciendo", "qué vas a hacer",
              "o que você está fazendo", "o que vc ta fazendo", "o que vai fazer", "was machst du",
              "was hast du vor"),
    "wellbeing": ("how are you", "how r u", "how are u", "how you doing", "how's your day", "how is your day",
                  "how's it going", "hows it going", "ça va", "ca va", "comment vas-tu", "comment tu vas",
                  "cómo estás", "como estas", "qué tal", "cómo te va", "tudo bem", "tudo bom", "como você está",
                  "como vai", "wie geht's", "wie gehts", "wie geht es dir", "alles gut"),
    "compliment": ("beautiful", "gorgeous", "hot", "cute", "amazing", "stunning", "love", "loved", "pretty", "sexy",
                   "perfect", "belle", "magnifique", "adore", "sublime", "canon", "jolie", "guapa", "hermosa",
                   "preciosa", "bella", "me encantas", "linda", "gata", "gostosa", "maravilhosa", "perfeita", "amei",
                   "schön", "hübsch", "süß", "heiß", "wunderschön", "umwerfend"),
    "greeting": ("hi", "hey", "hello", "hiya", "what's new", "whats new", "sup", "yo", "good morning",
                 "good evening", "salut", "coucou", "bonjour", "bonsoir", "quoi de neuf", "hola", "buenas",
                 "buenos días", "oi", "olá", "bom dia", "boa noite", "e aí", "hallo", "servus", "moin",
                 "guten morgen", "guten abend"),
}
# Where a segment line (VIP, re-engagement...) reads naturally after the intent line.
WITH_SEGMENT = ("greeting", "purchase")
# Tones of the intent lines, in order, for suggest; and the tactic each intent's lines use.
INTENT_STYLE: dict[str, tuple[tuple[str, str, str], Tactic | None]] = {
    "rude": (("calm", "firm", "kind"), None),
    "money": (("caring", "reassuring", "easygoing"), T.EMOTIONAL_APPEAL),
    "purchase": (("direct", "enthusiastic", "eager"), T.SCARCITY),
    "missing": (("tender", "sweet", "affectionate"), T.EMOTIONAL_APPEAL),
    "plans": (("chatty", "cosy", "candid"), T.PERSONALIZATION),
    "wellbeing": (("cheerful", "upbeat", "charming"), T.PERSONALIZATION),
    "compliment": (("flattered", "bashful", "thankful"), T.EMOTIONAL_APPEAL),
    "greeting": (("newsy", "friendly", "glad"), T.PERSONALIZATION),
    "question": (("helpful", "obliging", "intimate"), T.PERSONALIZATION),
    "general": (("appreciative", "bright", "smiling"), T.EMOTIONAL_APPEAL),
}

OPEN = {
    "en": ("Hey{name}!", "Hi{name}!", "Well hello{name}!", "Hello{name}!", "Hiya{name}!", "Heyy{name} 😊"),
    "fr": ("Coucou{name} !", "Salut{name} !", "Ah, coucou{name} !", "Bonjour{name} !", "Oh, salut{name} !",
           "Coucou coucou{name} !"),
    "es": ("¡Hola{name}!", "¡Hey{name}!", "¡Holaa{name}!", "¡Buenas{name}!", "¡Qué alegría{name}!",
           "¡Hola, hola{name}!"),
    "pt": ("Oi{name}!", "Olá{name}!", "Oii{name}!", "E aí{name}!", "Oi, oi{name}!", "Ei{name}!"),
    "de": ("Hey{name}!", "Hi{name}!", "Hallo{name}!", "Servus{name}!", "Hallöchen{name}!", "Hey hey{name}!"),
}
# Openers only where a greeting reads naturally before the line.
WITH_OPENER = ("greeting", "missing", "compliment", "general", "wellbeing")

LINES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "purchase": ("I have just the thing: {offer}, {price}. Want me to send it over?",
                     "Good timing: {offer} is ready for you at {price}.",
                     "You'll love this one: {offer} for {price}, and I can unlock it right now."),
        "purchase_public": ("Everything new is up on my page: the link's in my bio 😉",
                            "It's all on my page, link in bio 💕",
                            "My latest post is up, and the link in my bio has the rest 😘"),
        "money": ("No pressure at all — I'm just happy you're here, and talking to me is always free 💕",
                  "Please don't worry about that. You being here means more to me than any purchase.",
                  "That's totally okay, money can be tight. Let's just chat, I love our talks 😊"),
        "question": ("Ooh, good question. Short answer: I'll tell you properly in a minute, just finishing "
                     "something up 😉",
                     "Happy to answer that one! Give me a moment and I'll send you the full answer 😘",
                     "I love that you asked. Honestly, it's better in private, so I'll answer you in DMs 💌"),
        "plans": ("Tonight? A cosy night in, some music, and maybe a little shoot if I'm feeling inspired 😏",
                  "Just got home from a long day, so it's comfy clothes and a movie for me tonight 🍿",
                  "Honestly, I'm planning something fun for my page later, and chatting with you until then 😊"),
        "wellbeing": ("I'm doing really well, thanks for asking! It's been a busy but fun day 😊",
                      "Good, thank you! Just wrapped up a shoot, so I'm in a great mood ✨",
                      "I'm great now that you've messaged 😘 The day was long but worth it."),
        "missing": ("Aww, I've missed you too! It's so good to see your name pop up 💕",
                    "You have no idea how sweet that is to read. I've missed talking to you too 🥰",
                    "Miss you more! My inbox felt a little empty without you 💌"),
        "compliment": ("Aww, you just made me blush 🥰", "Stop it, you're too sweet 😊 That really made my day.",
                       "Thank you, that means a lot coming from you 💕"),
        "greeting": ("Busy week here: I've been shooting new content and it's my favourite so far.",
                     "Just finished a shoot and you're the first person I'm talking to.",
                     "So good to hear from you, my day just got better 😊"),
        "rude": ("I'm always happy to chat, but let's keep it kind. If you want to talk, I'm here.",
                 "I'd rather we keep things respectful. I'm glad to keep chatting when you're ready.",
                 "Let's keep it friendly, please. I'm here for good conversations 🙂"),
        "general": ("I love hearing from you.", "You always brighten my inbox.",
                    "Thanks for the message, it made me smile 😊"),
    },
    "fr": {
        "purchase": ("J'ai exactement ce qu'il te faut : {offer}, pour {price}. Je te l'envoie ?",
                     "Ça tombe bien : {offer} t'attend, pour {price}.",
                     "Tu vas adorer : {offer} pour {price}, et c'est débloqué pour toi tout de suite."),
        "purchase_public": ("Tout le nouveau contenu est sur ma page : le lien est dans ma bio 😉",
                            "Tout est sur ma page, lien en bio 💕",
                            "Mon dernier post est en ligne, et le lien dans ma bio mène au reste 😘"),
        "money": ("Aucune pression — je suis juste contente que tu sois là, et me parler c'est toujours gratuit 💕",
                  "Ne t'inquiète pas pour ça. Ta présence compte plus pour moi que n'importe quel achat.",
                  "C'est normal, les fins de mois sont parfois dures. On discute, c'est tout : j'adore nos "
                  "échanges 😊"),
        "question": ("Bonne question ! Réponse courte : je te raconte tout dans une minute, je termine un truc 😉",
                     "Avec plaisir ! Laisse-moi un instant et je te réponds en détail 😘",
                     "J'adore que tu demandes. Franchement, c'est mieux en privé : je te réponds en DM 💌"),
        "plans": ("Ce soir ? Soirée cocooning, un peu de musique, et peut-être un petit shooting si l'inspiration "
                  "vient 😏",
                  "Je rentre d'une longue journée, donc ce soir c'est tenue confort et film 🍿",
                  "Franchement, je prépare un truc sympa pour ma page, et je discute avec toi en attendant 😊"),
        "wellbeing": ("Je vais très bien, merci de demander ! Journée chargée mais sympa 😊",
                      "Bien, merci ! Je sors d'un shooting, donc je suis de super humeur ✨",
                      "Encore mieux maintenant que tu m'écris 😘 La journée était longue mais ça valait le coup."),
        "missing": ("Oh, tu m'as manqué aussi ! Ça fait plaisir de voir ton nom s'afficher 💕",
                    "Tu n'imagines pas comme c'est doux à lire. Nos discussions m'ont manqué aussi 🥰",
                    "Toi aussi tu me manques ! Ma messagerie était bien vide sans toi 💌"),
        "compliment": ("Oh, tu me fais rougir 🥰", "Arrête, tu es trop mignon 😊 Ça me fait vraiment plaisir.",
                       "Merci, venant de toi ça compte beaucoup 💕"),
        "greeting": ("Grosse semaine ici : j'ai tourné du nouveau contenu, mon préféré jusqu'ici.",
                     "Je sors d'un shooting et c'est à toi que je parle en premier.",
                     "Trop contente d'avoir de tes nouvelles, ma journée vient de s'améliorer 😊"),
        "rude": ("J'aime toujours discuter, mais restons gentils. Si tu veux parler, je suis là.",
                 "Je préfère qu'on reste respectueux. Je serai ravie de continuer quand tu veux.",
                 "On reste sympa, s'il te plaît. Je suis là pour de bonnes conversations 🙂"),
        "general": ("J'adore avoir de tes nouvelles.", "Tu illumines toujours ma messagerie.",
                    "Merci pour ton message, il m'a fait sourire 😊"),
    },
    "es": {
        "purchase": ("Tengo justo lo que buscas: {offer}, por {price}. ¿Te lo envío?",
                     "Qué buen momento: {offer} te está esperando, por {price}.",
                     "Te va a encantar: {offer} por {price}, y te lo desbloqueo ahora mismo."),
        "purchase_public": ("Todo lo nuevo está en mi página: el enlace está en mi bio 😉",
                            "Está todo en mi página, enlace en la bio 💕",
                            "Mi último post ya está publicado, y el enlace de mi bio tiene el resto 😘"),
        "money": ("Cero presión — me alegra que estés aquí, y hablar conmigo siempre es gratis 💕",
                  "No te preocupes por eso. Que estés aquí vale más para mí que cualquier compra.",
                  "Está totalmente bien, a veces el dinero aprieta. Solo charlemos, me encantan nuestras "
                  "conversaciones 😊"),
        "question": ("¡Buena pregunta! Respuesta corta: te lo cuento todo en un minuto, estoy terminando algo 😉",
                     "¡Con gusto te respondo! Dame un momento y te lo explico con detalle 😘",
                     "Me encanta que lo preguntes. La verdad, es mejor en privado, así que te respondo por DM 💌"),
        "plans": ("¿Esta noche? Plan tranquilo en casa, algo de música y quizá una pequeña sesión de fotos si me "
                  "inspiro 😏",
                  "Acabo de llegar de un día largo, así que esta noche toca ropa cómoda y película 🍿",
                  "La verdad, estoy preparando algo divertido para mi página, y mientras tanto hablo contigo 😊"),
        "wellbeing": ("¡Estoy muy bien, gracias por preguntar! Ha sido un día movido pero divertido 😊",
                      "¡Bien, gracias! Acabo de terminar una sesión, así que estoy de muy buen humor ✨",
                      "Mucho mejor ahora que me escribiste 😘 El día fue largo pero valió la pena."),
        "missing": ("¡Yo también te he extrañado! Qué alegría ver tu nombre otra vez 💕",
                    "No sabes lo bonito que es leer eso. Yo también extrañaba nuestras charlas 🥰",
                    "¡Y yo a ti! Mi bandeja de entrada estaba muy vacía sin ti 💌"),
        "compliment": ("Ay, me haces sonrojar 🥰", "Basta, eres un encanto 😊 Me alegraste el día.",
                       "Gracias, viniendo de ti significa mucho 💕"),
        "greeting": ("Semana intensa por aquí: he grabado contenido nuevo y es mi favorito hasta ahora.",
                     "Acabo de terminar una sesión y eres la primera persona con la que hablo.",
                     "Qué bueno saber de ti, mi día acaba de mejorar 😊"),
        "rude": ("Siempre me gusta charlar, pero mantengámoslo amable. Si quieres hablar, aquí estoy.",
                 "Prefiero que nos tratemos con respeto. Con gusto seguimos cuando quieras.",
                 "Mantengamos la buena onda, por favor. Estoy aquí para buenas conversaciones 🙂"),
        "general": ("Me encanta saber de ti.", "Siempre alegras mi bandeja de entrada.",
                    "Gracias por tu mensaje, me sacó una sonrisa 😊"),
    },
    "pt": {
        "purchase": ("Tenho exatamente o que você quer: {offer}, por {price}. Quer que eu mande?",
                     "Chegou na hora certa: {offer} está te esperando, por {price}.",
                     "Você vai adorar: {offer} por {price}, e eu libero agora mesmo."),
        "purchase_public": ("Tudo o que é novo está na minha página: o link está na bio 😉",
                            "Está tudo na minha página, link na bio 💕",
                            "Meu último post já está no ar, e o link na bio tem o resto 😘"),
        "money": ("Zero pressão — fico feliz só de você estar aqui, e conversar comigo é sempre de graça 💕",
                  "Não se preocupe com isso. Você estar aqui vale mais para mim do que qualquer compra.",
                  "Tudo bem, às vezes o dinheiro aperta. Vamos só conversar, adoro nossos papos 😊"),
        "question": ("Boa pergunta! Resposta curta: te conto tudo em um minuto, estou terminando uma coisa 😉",
                     "Respondo com prazer! Me dá um momento e te explico com detalhes 😘",
                     "Adoro que você perguntou. Sinceramente, é melhor no privado, então te respondo por DM 💌"),
        "plans": ("Hoje à noite? Noite tranquila em casa, uma música e talvez um ensaio rápido se bater a "
                  "inspiração 😏",
                  "Acabei de chegar de um dia longo, então hoje é roupa confortável e filme 🍿",
                  "Na verdade, estou preparando algo divertido para a minha página, e enquanto isso converso com "
                  "você 😊"),
        "wellbeing": ("Estou muito bem, obrigada por perguntar! O dia foi corrido mas divertido 😊",
                      "Bem, obrigada! Acabei de terminar um ensaio, então estou de ótimo humor ✨",
                      "Bem melhor agora que você me escreveu 😘 O dia foi longo mas valeu a pena."),
        "missing": ("Também senti sua falta! Que bom ver seu nome aparecer de novo 💕",
                    "Você não imagina como é fofo ler isso. Também senti falta das nossas conversas 🥰",
                    "Eu também! Minha caixa de mensagens ficou vazia sem você 💌"),
        "compliment": ("Ai, você me fez corar 🥰", "Para, você é um amor 😊 Isso alegrou meu dia.",
                       "Obrigada, vindo de você isso significa muito 💕"),
        "greeting": ("Semana agitada por aqui: gravei conteúdo novo e é o meu favorito até agora.",
                     "Acabei de terminar um ensaio e você é a primeira pessoa com quem estou falando.",
                     "Que bom ter notícias suas, meu dia acabou de melhorar 😊"),
        "rude": ("Sempre gosto de conversar, mas vamos manter a gentileza. Se quiser conversar, estou aqui.",
                 "Prefiro que a gente mantenha o respeito. Continuo a conversa com prazer quando você quiser.",
                 "Vamos manter o clima leve, por favor. Estou aqui para boas conversas 🙂"),
        "general": ("Adoro ter notícias suas.", "Você sempre alegra minha caixa de mensagens.",
                    "Obrigada pela mensagem, me fez sorrir 😊"),
    },
    "de": {
        "purchase": ("Ich habe genau das Richtige für dich: {offer}, für {price}. Soll ich es dir schicken?",
                     "Perfektes Timing: {offer} wartet auf dich, für {price}.",
                     "Das wird dir gefallen: {offer} für {price}, und ich schalte es dir sofort frei."),
        "purchase_public": ("Alles Neue ist auf meiner Seite: Der Link ist in meiner Bio 😉",
                            "Alles auf meiner Seite, Link in der Bio 💕",
                            "Mein neuester Post ist online, und der Link in meiner Bio hat den Rest 😘"),
        "money": ("Kein Druck — ich freue mich einfach, dass du da bist, und mit mir zu schreiben kostet nie "
                  "etwas 💕",
                  "Mach dir darüber keine Sorgen. Dass du da bist, bedeutet mir mehr als jeder Kauf.",
                  "Das ist völlig okay, Geld ist manchmal knapp. Lass uns einfach quatschen, ich mag unsere "
                  "Gespräche 😊"),
        "question": ("Gute Frage! Kurze Antwort: Ich erzähle dir gleich alles, ich mache nur noch schnell etwas "
                     "fertig 😉",
                     "Beantworte ich dir gern! Gib mir einen Moment, dann erkläre ich es dir genau 😘",
                     "Schön, dass du fragst. Ehrlich gesagt ist das privat besser, also antworte ich dir per DM 💌"),
        "plans": ("Heute Abend? Gemütlich zu Hause, ein bisschen Musik und vielleicht ein kleines Shooting, wenn "
                  "mich die Inspiration packt 😏",
                  "Ich komme gerade von einem langen Tag, also heißt es heute bequeme Klamotten und ein Film 🍿",
                  "Ehrlich gesagt plane ich etwas Lustiges für meine Seite, und bis dahin schreibe ich mit dir 😊"),
        "wellbeing": ("Mir geht's richtig gut, danke der Nachfrage! Der Tag war voll, aber schön 😊",
                      "Gut, danke! Ich habe gerade ein Shooting beendet, also bin ich bester Laune ✨",
                      "Jetzt, wo du schreibst, noch besser 😘 Der Tag war lang, aber es hat sich gelohnt."),
        "missing": ("Du hast mir auch gefehlt! Schön, deinen Namen wieder zu sehen 💕",
                    "Du ahnst nicht, wie süß das zu lesen ist. Unsere Gespräche haben mir auch gefehlt 🥰",
                    "Du mir auch! Mein Postfach war ganz leer ohne dich 💌"),
        "compliment": ("Oh, du bringst mich zum Erröten 🥰", "Hör auf, du bist zu süß 😊 Das hat meinen Tag gerettet.",
                       "Danke, von dir bedeutet mir das viel 💕"),
        "greeting": ("Volle Woche hier: Ich habe neuen Content gedreht, und er ist mein bisheriger Favorit.",
                     "Ich komme gerade vom Shooting, und du bist der Erste, mit dem ich schreibe.",
                     "Schön, von dir zu hören, mein Tag ist gerade besser geworden 😊"),
        "rude": ("Ich schreibe immer gern, aber lass uns freundlich bleiben. Wenn du reden willst, bin ich da.",
                 "Mir ist ein respektvoller Umgang wichtig. Ich schreibe gern weiter, wenn du so weit bist.",
                 "Lass uns bitte nett bleiben. Ich bin hier für gute Gespräche 🙂"),
        "general": ("Ich freue mich immer, von dir zu hören.", "Du versüßt mir immer mein Postfach.",
                    "Danke für deine Nachricht, sie hat mich zum Lächeln gebracht 😊"),
    },
}

# Closes per intent; intents absent here end on their line (no question back after a question).
CLOSE: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"greeting": ("What have you been up to?", "How's your week going?"),
           "compliment": ("What was your favourite part?", "Tell me what you'd like to see next 😘"),
           "general": ("How's your day going?", "Tell me more 😊"),
           "missing": ("What have you been up to lately?", "Tell me everything I missed 😘"),
           "plans": ("And you, any plans for tonight?", "How about you?"),
           "wellbeing": ("How about you?", "How's your day been?")},
    "fr": {"greeting": ("Tu as fait quoi de beau ?", "Ta semaine se passe bien ?"),
           "compliment": ("Qu'est-ce que tu as préféré ?", "Dis-moi ce que tu aimerais voir ensuite 😘"),
           "general": ("Ta journée se passe bien ?", "Raconte-moi 😊"),
           "missing": ("Tu as fait quoi de beau ces derniers temps ?", "Raconte-moi tout ce que j'ai manqué 😘"),
           "plans": ("Et toi, des projets ce soir ?", "Et toi ?"),
           "wellbeing": ("Et toi, comment ça va ?", "Et ta journée ?")},
    "es": {"greeting": ("¿Qué has hecho estos días?", "¿Qué tal tu semana?"),
           "compliment": ("¿Qué fue lo que más te gustó?", "Dime qué te gustaría ver después 😘"),
           "general": ("¿Qué tal tu día?", "Cuéntame más 😊"),
           "missing": ("¿Qué has hecho últimamente?", "Cuéntame todo lo que me perdí 😘"),
           "plans": ("¿Y tú, algún plan para esta noche?", "¿Y tú?"),
           "wellbeing": ("¿Y tú, qué tal?", "¿Y tu día?")},
    "pt": {"greeting": ("O que você tem feito?", "Como está sua semana?"),
           "compliment": ("Do que você mais gostou?", "Me conta o que você quer ver depois 😘"),
           "general": ("Como está seu dia?", "Me conta mais 😊"),
           "missing": ("O que você tem aprontado?", "Me conta tudo o que eu perdi 😘"),
           "plans": ("E você, algum plano para hoje à noite?", "E você?"),
           "wellbeing": ("E você, como está?", "E o seu dia?")},
    "de": {"greeting": ("Was hast du so gemacht?", "Wie läuft deine Woche?"),
           "compliment": ("Was hat dir am besten gefallen?", "Sag mir, was du als Nächstes sehen willst 😘"),
           "general": ("Wie läuft dein Tag?", "Erzähl mir mehr 😊"),
           "missing": ("Was hast du in letzter Zeit so gemacht?", "Erzähl mir alles, was ich verpasst habe 😘"),
           "plans": ("Und du, schon Pläne für heute Abend?", "Und du?"),
           "wellbeing": ("Und wie geht's dir?", "Und dein Tag?")},
}

# Segment lines carry the tactic that fits the fan (see replies.py for the segments).
SEGMENT_TACTIC = {"reengage": T.RECIPROCITY, "new": T.SOCIAL_PROOF, "regular": T.EMOTIONAL_APPEAL,
                  "vip": T.EXCLUSIVITY}
SEGMENT: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "reengage": ("I've missed you around here! I saved a little something for you, free — check your DMs 💌",
                     "I missed you! There's a small free surprise waiting in your DMs 💌",
                     "I missed you, so I kept a little gift for you, on the house 🎁"),
        "new": ("My fans are loving this week's set, you'll see why 😉",
                "Everyone's been talking about my latest set 😉", "This week's set is already a fan favourite ✨"),
        "regular": ("You always make my day, and I made something I think you'll love.",
                    "I had you in mind while making my latest set 💕", "It's always a good day when you show up 😊"),
        "vip": ("You're one of my absolute favourites, so you get first access before anyone else 👑",
                "As one of my VIPs, you see everything first 👑",
                "You've earned first look at everything new, as always 👑"),
    },
    "fr": {
        "reengage": ("Tu m'as manqué ! Je t'ai gardé une petite surprise offerte — regarde tes DM 💌",
                     "Ça faisait longtemps ! Une petite surprise gratuite t'attend en DM 💌",
                     "Bon retour — je t'ai gardé un petit cadeau, c'est offert 🎁"),
        "new": ("Mes fans adorent la série de cette semaine, tu vas voir pourquoi 😉",
                "Tout le monde parle de ma dernière série 😉", "La série de cette semaine est déjà la préférée de mes "
                                                               "fans ✨"),
        "regular": ("Tu illumines mes journées, et j'ai préparé quelque chose pour toi.",
                    "J'ai pensé à toi en préparant ma dernière série 💕", "C'est toujours une bonne journée quand tu "
                                                                         "passes 😊"),
        "vip": ("Tu fais partie de mes préférés, alors tu y as accès avant tout le monde 👑",
                "Comme tu es un de mes VIP, tu vois tout en premier 👑",
                "Tu as mérité la primeur de toutes mes nouveautés, comme toujours 👑"),
    },
    "es": {
        "reengage": ("¡Te extrañaba por aquí! Te guardé algo especial, gratis — revisa tus DM 💌",
                     "¡Cuánto tiempo! Tienes una pequeña sorpresa gratis en tus DM 💌",
                     "Bienvenido de vuelta: te guardé un regalito, invita la casa 🎁"),
        "new": ("Mis fans están encantados con el set de esta semana, ya verás por qué 😉",
                "Todos hablan de mi último set 😉", "El set de esta semana ya es el favorito de mis fans ✨"),
        "regular": ("Siempre me alegras el día, y preparé algo que creo que te va a encantar.",
                    "Pensé en ti mientras preparaba mi último set 💕", "Siempre es un buen día cuando apareces 😊"),
        "vip": ("Eres uno de mis favoritos, así que tienes acceso antes que nadie 👑",
                "Como uno de mis VIP, lo ves todo primero 👑", "Te has ganado ver todo lo nuevo primero, como "
                                                               "siempre 👑"),
    },
    "pt": {
        "reengage": ("Senti sua falta por aqui! Guardei uma coisinha para você, de graça — olha sua DM 💌",
                     "Quanto tempo! Tem uma surpresinha grátis te esperando na DM 💌",
                     "Que bom que voltou: guardei um presentinho para você, por minha conta 🎁"),
        "new": ("Meus fãs estão amando o ensaio desta semana, você vai ver por quê 😉",
                "Todo mundo está falando do meu último ensaio 😉", "O ensaio desta semana já é o favorito dos fãs ✨"),
        "regular": ("Você sempre faz meu dia, e preparei algo que acho que você vai amar.",
                    "Pensei em você enquanto preparava meu último ensaio 💕", "É sempre um bom dia quando você "
                                                                             "aparece 😊"),
        "vip": ("Você é um dos meus favoritos, então tem acesso antes de todo mundo 👑",
                "Como um dos meus VIPs, você vê tudo primeiro 👑", "Você merece ver tudo que é novo primeiro, como "
                                                                  "sempre 👑"),
    },
    "de": {
        "reengage": ("Du hast mir hier gefehlt! Ich habe dir eine kleine Überraschung aufgehoben, gratis — schau in "
                     "deine DMs 💌",
                     "Lange nicht gesehen! In deinen DMs wartet eine kleine Gratis-Überraschung 💌",
                     "Willkommen zurück: Ich habe ein kleines Geschenk für dich, aufs Haus 🎁"),
        "new": ("Meine Fans lieben das Set dieser Woche, du wirst sehen, warum 😉",
                "Alle reden über mein neuestes Set 😉", "Das Set dieser Woche ist schon ein Fan-Liebling ✨"),
        "regular": ("Du versüßt mir immer den Tag, und ich habe etwas gemacht, das dir gefallen wird.",
                    "Ich habe an dich gedacht, als ich mein neuestes Set gemacht habe 💕",
                    "Es ist immer ein guter Tag, wenn du vorbeischaust 😊"),
        "vip": ("Du gehörst zu meinen absoluten Lieblingen, also bekommst du vor allen anderen Zugang 👑",
                "Als einer meiner VIPs siehst du alles zuerst 👑",
                "Du hast dir den ersten Blick auf alles Neue verdient, wie immer 👑"),
    },
}

# Offers as the reply names them, with their article: the upsell labels (sales.OFFERS, sales.ASKED) stay
# English in the data, a reply says them in the fan's language.
OFFERS: dict[str, dict[str, str]] = {
    "en": {"intro photo set": "an intro photo set", "short video clip": "a short video clip",
           "new photo set": "a new photo set", "video clip": "a video clip", "photo + video bundle":
           "a photo + video bundle", "custom video": "a custom video", "VIP bundle": "a VIP bundle",
           "photo set": "a photo set", "": "something new"},
    "fr": {"intro photo set": "une série photo de bienvenue", "short video clip": "un court clip vidéo",
           "new photo set": "une nouvelle série photo", "video clip": "un clip vidéo", "photo + video bundle":
           "un pack photo + vidéo", "custom video": "une vidéo personnalisée", "VIP bundle": "un pack VIP",
           "photo set": "une série photo", "": "du nouveau contenu"},
    "es": {"intro photo set": "un set de fotos de bienvenida", "short video clip": "un clip de vídeo corto",
           "new photo set": "un set de fotos nuevo", "video clip": "un clip de vídeo", "photo + video bundle":
           "un pack de fotos y vídeo", "custom video": "un vídeo personalizado", "VIP bundle": "un pack VIP",
           "photo set": "un set de fotos", "": "contenido nuevo"},
    "pt": {"intro photo set": "um ensaio de fotos de boas-vindas", "short video clip": "um clipe de vídeo curto",
           "new photo set": "um ensaio de fotos novo", "video clip": "um clipe de vídeo", "photo + video bundle":
           "um pacote de fotos e vídeo", "custom video": "um vídeo personalizado", "VIP bundle": "um pacote VIP",
           "photo set": "um ensaio de fotos", "": "conteúdo novo"},
    "de": {"intro photo set": "ein Willkommens-Fotoset", "short video clip": "ein kurzer Videoclip",
           "new photo set": "ein neues Fotoset", "video clip": "ein Videoclip", "photo + video bundle":
           "ein Foto- und Video-Paket", "custom video": "ein persönliches Video", "VIP bundle": "ein VIP-Paket",
           "photo set": "ein Fotoset", "": "neuer Content"},
}
# Where a suggestion names the offer as its subject ("{offer} is ..."): the same offers with "my".
MY_OFFERS: dict[str, dict[str, str]] = {
    "en": {"intro photo set": "my intro photo set", "short video clip": "my short video clip",
           "new photo set": "my new photo set", "video clip": "my video clip", "photo + video bundle":
           "my photo + video bundle", "custom video": "my custom video", "VIP bundle": "my VIP bundle",
           "photo set": "my photo set", "": "my latest post"},
    "fr": {"intro photo set": "ma série photo de bienvenue", "short video clip": "mon court clip vidéo",
           "new photo set": "ma nouvelle série photo", "video clip": "mon clip vidéo", "photo + video bundle":
           "mon pack photo + vidéo", "custom video": "ma vidéo personnalisée", "VIP bundle": "mon pack VIP",
           "photo set": "ma série photo", "": "mon dernier post"},
    "es": {"intro photo set": "mi set de fotos de bienvenida", "short video clip": "mi clip de vídeo corto",
           "new photo set": "mi nuevo set de fotos", "video clip": "mi clip de vídeo", "photo + video bundle":
           "mi pack de fotos y vídeo", "custom video": "mi vídeo personalizado", "VIP bundle": "mi pack VIP",
           "photo set": "mi set de fotos", "": "mi último post"},
    "pt": {"intro photo set": "meu ensaio de boas-vindas", "short video clip": "meu clipe de vídeo curto",
           "new photo set": "meu ensaio novo", "video clip": "meu clipe de vídeo", "photo + video bundle":
           "meu pacote de fotos e vídeo", "custom video": "meu vídeo personalizado", "VIP bundle": "meu pacote VIP",
           "photo set": "meu ensaio de fotos", "": "meu último post"},
    "de": {"intro photo set": "mein Willkommens-Fotoset", "short video clip": "mein kurzer Videoclip",
           "new photo set": "mein neues Fotoset", "video clip": "mein Videoclip", "photo + video bundle":
           "mein Foto- und Video-Paket", "custom video": "mein persönliches Video", "VIP bundle": "mein VIP-Paket",
           "photo set": "mein Fotoset", "": "mein neuester Post"},
}

# suggest, past the intent lines: one template per tone ({offer} from MY_OFFERS, as a sentence's subject).
SALES_TONES = ("flirty", "vip", "teasing", "excited", "urgent", "confident")
SUGGEST = {
    "en": (
        ("warm", T.EMOTIONAL_APPEAL, "Hey{name}! So good to hear from you — how's your day going?"),
        ("playful", T.PERSONALIZATION, "Haha{name}, you always know how to make me smile 😄 What's the plan tonight?"),
        ("flirty", T.RECIPROCITY, "Mmm{name}, you're trouble 😏 Want a little preview of what I shot today?"),
        ("vip", T.EXCLUSIVITY, "For you{name}: {offer} is yours before anyone else sees it 👑"),
        ("curious", T.PERSONALIZATION, "Tell me more{name} — what would you love to see from me next?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Thank you for always being here{name}, it means a lot 💕"),
        ("teasing", T.SCARCITY, "I can't say too much yet{name}… {offer} is only going to a few people 🤫"),
        ("excited", T.SOCIAL_PROOF, "Everyone's been loving {offer} this week{name} — I think you would too!"),
        ("urgent", T.URGENCY, "Heads up{name}: {offer} is only unlocked until midnight ⏳"),
        ("confident", T.AUTHORITY, "I've made a lot of content, and {offer} is my best yet{name} ✨"),
    ),
    "fr": (
        ("warm", T.EMOTIONAL_APPEAL, "Coucou{name} ! Trop contente d'avoir de tes nouvelles — ta journée ?"),
        ("playful", T.PERSONALIZATION, "Haha{name}, tu sais toujours me faire sourire 😄 Le programme ce soir ?"),
        ("flirty", T.RECIPROCITY, "Mmm{name}, toi tu es dangereux 😏 Un petit aperçu de mon shooting du jour ?"),
        ("vip", T.EXCLUSIVITY, "Pour toi{name} : {offer}, en avant-première, avant tout le monde 👑"),
        ("curious", T.PERSONALIZATION, "Raconte-moi{name} — qu'est-ce que tu aimerais voir ensuite ?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Merci d'être toujours là{name}, ça compte beaucoup 💕"),
        ("teasing", T.SCARCITY, "Je ne peux pas trop en dire{name}… très peu de gens auront {offer} 🤫"),
        ("excited", T.SOCIAL_PROOF, "Tout le monde adore {offer} cette semaine{name}, tu vas aimer aussi !"),
        ("urgent", T.URGENCY, "Attention{name} : plus que jusqu'à minuit pour {offer} ⏳"),
        ("confident", T.AUTHORITY, "J'ai créé beaucoup de contenu, et rien ne vaut {offer}{name} ✨"),
    ),
    "es": (
        ("warm", T.EMOTIONAL_APPEAL, "¡Hola{name}! Qué alegría saber de ti — ¿qué tal tu día?"),
        ("playful", T.PERSONALIZATION, "Jaja{name}, siempre sabes cómo hacerme sonreír 😄 ¿Qué planes hay esta "
                                       "noche?"),
        ("flirty", T.RECIPROCITY, "Mmm{name}, eres un peligro 😏 ¿Quieres un adelanto de lo que grabé hoy?"),
        ("vip", T.EXCLUSIVITY, "Para ti{name}: {offer}, antes que nadie 👑"),
        ("curious", T.PERSONALIZATION, "Cuéntame más{name}: ¿qué te gustaría ver de mí ahora?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Gracias por estar siempre aquí{name}, significa mucho 💕"),
        ("teasing", T.SCARCITY, "No puedo contar mucho todavía{name}… muy poca gente tendrá {offer} 🤫"),
        ("excited", T.SOCIAL_PROOF, "A todos les encanta {offer} esta semana{name}, ¡creo que a ti también!"),
        ("urgent", T.URGENCY, "Atención{name}: {offer} solo está disponible hasta medianoche ⏳"),
        ("confident", T.AUTHORITY, "He creado mucho contenido, y {offer} es lo mejor hasta ahora{name} ✨"),
    ),
    "pt": (
        ("warm", T.EMOTIONAL_APPEAL, "Oi{name}! Que bom ter notícias suas — como está o seu dia?"),
        ("playful", T.PERSONALIZATION, "Haha{name}, você sempre sabe me fazer sorrir 😄 Qual é o plano hoje à "
                                       "noite?"),
        ("flirty", T.RECIPROCITY, "Hmm{name}, você é um perigo 😏 Quer uma prévia do que gravei hoje?"),
        ("vip", T.EXCLUSIVITY, "Para você{name}: {offer}, antes de todo mundo 👑"),
        ("curious", T.PERSONALIZATION, "Me conta mais{name}: o que você adoraria ver de mim agora?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Obrigada por estar sempre aqui{name}, isso significa muito 💕"),
        ("teasing", T.SCARCITY, "Não posso contar muito ainda{name}… pouquíssimas pessoas vão ter {offer} 🤫"),
        ("excited", T.SOCIAL_PROOF, "Todo mundo está amando {offer} esta semana{name}, acho que você também vai!"),
        ("urgent", T.URGENCY, "Atenção{name}: {offer} só fica liberado até meia-noite ⏳"),
        ("confident", T.AUTHORITY, "Já criei muito conteúdo, e {offer} é o melhor até agora{name} ✨"),
    ),
    "de": (
        ("warm", T.EMOTIONAL_APPEAL, "Hey{name}! Schön, von dir zu hören — wie läuft dein Tag?"),
        ("playful", T.PERSONALIZATION, "Haha{name}, du bringst mich immer zum Lächeln 😄 Was ist heute Abend der "
                                       "Plan?"),
        ("flirty", T.RECIPROCITY, "Mmm{name}, du bist gefährlich 😏 Willst du eine kleine Vorschau von meinem "
                                  "heutigen Shooting?"),
        ("vip", T.EXCLUSIVITY, "Für dich{name}: {offer}, vor allen anderen 👑"),
        ("curious", T.PERSONALIZATION, "Erzähl mir mehr{name}: Was würdest du als Nächstes gern von mir sehen?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Danke, dass du immer da bist{name}, das bedeutet mir viel 💕"),
        ("teasing", T.SCARCITY, "Ich darf noch nicht viel verraten{name}… {offer} geht nur an wenige 🤫"),
        ("excited", T.SOCIAL_PROOF, "Diese Woche kommt {offer} bei allen super an{name}, dir wird es auch gefallen!"),
        ("urgent", T.URGENCY, "Achtung{name}: {offer} ist nur bis Mitternacht freigeschaltet ⏳"),
        ("confident", T.AUTHORITY, "Ich habe schon viel Content gemacht, und {offer} ist das Beste bisher{name} ✨"),
    ),
}
